/**
 * Why a packaged post refuses to start: shown before anyone has chosen a language, so the shell
 * shows the three languages together (`startupRefusalText`).
 */
import { defineMessages, languages } from '../i18n/messages';

const fr = {
  startup: {
    title: 'RVA Départ ne peut pas démarrer',
    demoKeyTrusted:
      'Ce poste fait confiance à la clé de signature des PV de démonstration ({{keyId}}), dont la partie privée est publique. Un poste installé ne fait confiance qu’aux clés que son centre distribue : supprimez le dossier de données {{dataDir}} et enrôlez le poste auprès de son centre.',
    demoData:
      'Ce poste contient des données de démonstration (utilisateurs aux codes PIN connus). Un poste installé ne démarre pas sur ces données : supprimez le dossier de données {{dataDir}} et enrôlez le poste auprès de son centre.',
  },
};

const ar = {
  startup: {
    title: 'تعذّر تشغيل RVA Départ',
    demoKeyTrusted:
      'يثق هذا المركز بمفتاح توقيع المحاضر التجريبي ({{keyId}})، وجزؤه الخاص منشور. المركز المثبّت لا يثق إلا بالمفاتيح التي يوزّعها مركزه الرئيسي: احذف مجلد البيانات {{dataDir}} وسجّل المركز لدى مركزه الرئيسي.',
    demoData:
      'يحتوي هذا المركز على بيانات تجريبية (مستخدمون برموز PIN معروفة). المركز المثبّت لا يعمل بهذه البيانات: احذف مجلد البيانات {{dataDir}} وسجّل المركز لدى مركزه الرئيسي.',
  },
};

const en = {
  startup: {
    title: 'RVA Départ cannot start',
    demoKeyTrusted:
      'This post trusts the demo PV signing key ({{keyId}}), whose private half is public. An installed post trusts only the keys its centre distributes: delete the data folder {{dataDir}} and enrol the post with its centre.',
    demoData:
      'This post holds demo data (users with known PINs). An installed post does not start on it: delete the data folder {{dataDir}} and enrol the post with its centre.',
  },
};

export const startupMessages = defineMessages(fr, ar, en);

export type StartupRefusal = { key: 'demoKeyTrusted'; keyId: string } | { key: 'demoData' };

const interpolate = (text: string, params: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => params[name] ?? whole);

/** The refusal in French, Arabic and English, one paragraph each. */
export function startupRefusalText(refusal: StartupRefusal, dataDir: string): { title: string; text: string } {
  const params = { dataDir, keyId: refusal.key === 'demoKeyTrusted' ? refusal.keyId : '' };
  return {
    title: languages.map((l) => startupMessages[l].startup.title).join(' · '),
    text: languages.map((l) => interpolate(startupMessages[l].startup[refusal.key], params)).join('\n\n'),
  };
}
