/**
 * The words of re-enrolment from the desk (i18n keys `reenrol.*`), French first, Arabic, English:
 * the centre revoked this machine, a supervisor types a new one-time code, the records waiting
 * stay on the post until then. The refusals are `setup.errors.*` (main's answers). Registered in
 * renderer/i18n/index.ts, typed on its own (as the flight board's), which keeps the app-wide key
 * type within what TypeScript expands.
 */
import { defineMessages, type Translation } from '../../core/i18n/messages';

const fr = {
  reenrol: {
    title: 'Réenrôler ce poste',
    intro:
      'Le centre a révoqué cet appareil. Rien n’est perdu : les enregistrements en attente restent sur ce poste et partiront vers le centre dès qu’il sera réenrôlé avec un nouveau code.',
    queue: 'Enregistrements en attente : {{count}}',
    code: 'Nouveau code d’enrôlement donné par le centre',
    submit: 'Réenrôler',
    submitting: 'Réenrôlement…',
    close: 'Fermer',
    done: 'Poste réenrôlé. Les enregistrements en attente partent vers le centre.',
    askSupervisor: 'Un superviseur peut réenrôler ce poste avec un nouveau code du centre.',
  },
};

const ar: Translation<typeof fr> = {
  reenrol: {
    title: 'إعادة تسجيل هذا المركز',
    intro:
      'ألغى المركز الرئيسي تسجيل هذا الجهاز. لم يضِع شيء: السجلات المنتظرة باقية على هذا المركز وستُرسل إلى المركز الرئيسي بمجرد إعادة تسجيله برمز جديد.',
    queue: 'السجلات المنتظرة: {{count}}',
    code: 'رمز التسجيل الجديد الذي قدّمه المركز الرئيسي',
    submit: 'إعادة التسجيل',
    submitting: 'جارٍ إعادة التسجيل…',
    close: 'إغلاق',
    done: 'أُعيد تسجيل المركز. السجلات المنتظرة في طريقها إلى المركز الرئيسي.',
    askSupervisor: 'يمكن للمشرف إعادة تسجيل هذا المركز برمز جديد من المركز الرئيسي.',
  },
};

const en: Translation<typeof fr> = {
  reenrol: {
    title: 'Re-enrol this post',
    intro:
      'The centre has revoked this machine. Nothing is lost: the records waiting stay on this post and go to the centre as soon as it is re-enrolled with a new code.',
    queue: 'Records waiting: {{count}}',
    code: 'New enrolment code from the centre',
    submit: 'Re-enrol',
    submitting: 'Re-enrolling…',
    close: 'Close',
    done: 'Post re-enrolled. The records waiting are on their way to the centre.',
    askSupervisor: 'A supervisor can re-enrol this post with a new code from the centre.',
  },
};

export const reenrolMessages = defineMessages(fr, ar, en);
