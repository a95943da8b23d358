/**
 * Receipt buttons of the passage screen (i18n keys `receipts.*`), French first, Arabic, English.
 * Registered with one line in renderer/i18n/index.ts. `receipts.errors.*` are the service's
 * error keys (main/services/receipt-service.ts).
 */
import { defineMessages } from '../../../core/i18n/messages';

const fr = {
  receipts: {
    title: 'Reçus',
    language: 'Langue du reçu',
    languages: { fr: 'Français', ar: 'Arabe', en: 'Anglais' },
    print: {
      perDiem: 'Imprimer le reçu de pécule',
      exchange: 'Imprimer le reçu de change',
      exitAttestation: 'Imprimer l’attestation de sortie',
    },
    reprint: {
      perDiem: 'Réimprimer le reçu de pécule',
      exchange: 'Réimprimer le reçu de change',
      exitAttestation: 'Réimprimer l’attestation de sortie',
    },
    printing: 'Impression…',
    printed: 'Imprimé sur {{printer}}.',
    saved: 'PDF enregistré : {{file}}.',
    duplicate: 'DUPLICATA (copie n° {{copy}})',
    printFailed: 'L’imprimante n’a pas imprimé ({{reason}}) : le PDF est enregistré à la place.',
    errors: {
      passageNotFound: 'Passage introuvable à ce poste.',
      noPv: 'Aucun PV pour ce passage : pas de reçu.',
      noPerDiem: 'Aucun pécule enregistré pour ce PV : pas de reçu.',
      noExchange: 'Aucun change enregistré pour ce PV : pas de reçu.',
      noStamp: 'Aucun cachet de sortie enregistré pour ce PV : pas d’attestation.',
      busy: 'Impressions simultanées : réessayez.',
    },
  },
};

export const receiptMessages = defineMessages(
  fr,
  {
    receipts: {
      title: 'الوصولات',
      language: 'لغة الوصل',
      languages: { fr: 'الفرنسية', ar: 'العربية', en: 'الإنجليزية' },
      print: {
        perDiem: 'طباعة وصل المنحة',
        exchange: 'طباعة وصل الصرف',
        exitAttestation: 'طباعة شهادة المغادرة',
      },
      reprint: {
        perDiem: 'إعادة طباعة وصل المنحة',
        exchange: 'إعادة طباعة وصل الصرف',
        exitAttestation: 'إعادة طباعة شهادة المغادرة',
      },
      printing: 'جارٍ الطبع…',
      printed: 'طبع على {{printer}}.',
      saved: 'تم حفظ ملف PDF: {{file}}.',
      duplicate: 'DUPLICATA (النسخة رقم {{copy}})',
      printFailed: 'لم تطبع الطابعة ({{reason}}): تم حفظ ملف PDF بدلا من ذلك.',
      errors: {
        passageNotFound: 'العبور غير موجود في هذا المركز.',
        noPv: 'لا يوجد محضر لهذا العبور: لا وصل.',
        noPerDiem: 'لم تسجل أي منحة لهذا المحضر: لا وصل.',
        noExchange: 'لم يسجل أي صرف لهذا المحضر: لا وصل.',
        noStamp: 'لم يسجل أي ختم مغادرة لهذا المحضر: لا شهادة.',
        busy: 'طباعات متزامنة: أعد المحاولة.',
      },
    },
  },
  {
    receipts: {
      title: 'Receipts',
      language: 'Receipt language',
      languages: { fr: 'French', ar: 'Arabic', en: 'English' },
      print: {
        perDiem: 'Print per diem receipt',
        exchange: 'Print exchange receipt',
        exitAttestation: 'Print exit attestation',
      },
      reprint: {
        perDiem: 'Reprint per diem receipt',
        exchange: 'Reprint exchange receipt',
        exitAttestation: 'Reprint exit attestation',
      },
      printing: 'Printing…',
      printed: 'Printed on {{printer}}.',
      saved: 'PDF saved: {{file}}.',
      duplicate: 'DUPLICATA (copy no. {{copy}})',
      printFailed: 'The printer did not print ({{reason}}): the PDF was saved instead.',
      errors: {
        passageNotFound: 'Passage not found at this post.',
        noPv: 'No PV for this passage: no receipt.',
        noPerDiem: 'No per diem recorded for this PV: no receipt.',
        noExchange: 'No exchange recorded for this PV: no receipt.',
        noStamp: 'No exit stamp recorded for this PV: no attestation.',
        busy: 'Prints at the same time: try again.',
      },
    },
  },
);
