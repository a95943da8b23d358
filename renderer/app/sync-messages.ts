/**
 * The status bar's words for a centre the post no longer trusts (i18n keys `syncTrust.*`), French
 * first, Arabic, English: a key change not signed by a key the post trusts, or a certificate that
 * is neither the pinned nor an announced one. Registered in renderer/i18n/index.ts, typed on its
 * own (as the flight board's), which keeps the app-wide key type within what TypeScript expands.
 */
import { defineMessages } from '../../core/i18n/messages';

const fr = {
  syncTrust: {
    badRotation: 'Changement de clé du centre refusé',
    fingerprintMismatch: 'Certificat du centre non reconnu',
  },
};

const ar: typeof fr = {
  syncTrust: {
    badRotation: 'رُفض تغيير مفتاح المركز الرئيسي',
    fingerprintMismatch: 'شهادة المركز الرئيسي غير معروفة',
  },
};

const en: typeof fr = {
  syncTrust: {
    badRotation: 'Centre key change refused',
    fingerprintMismatch: 'Centre certificate not recognised',
  },
};

export const syncTrustMessages = defineMessages(fr, ar, en);
