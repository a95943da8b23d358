/**
 * Sign-in messages beyond the base locale (i18n keys `pinChange.*`, `signIn.*`, `keyProtection.*`).
 * One tree per language (core/i18n/messages.ts); registered with one line in renderer/i18n/index.ts
 * (`loginMessages` in `bundles`).
 */
import { defineMessages, type Translation } from '../../../core/i18n/messages';

const fr = {
  pinChange: {
    title: 'Choisissez votre code PIN',
    intro: 'Vous vous êtes connecté avec un code PIN provisoire. Choisissez un code personnel de 4 à 8 chiffres avant de continuer.',
    current: 'Code PIN provisoire',
    next: 'Nouveau code PIN',
    confirm: 'Nouveau code PIN, à nouveau',
    hint: '4 à 8 chiffres. Ne le communiquez à personne.',
    submit: 'Enregistrer le code PIN',
    submitting: 'Enregistrement…',
    cancel: 'Annuler et se déconnecter',
    errors: {
      format: 'Le nouveau code PIN doit comporter 4 à 8 chiffres.',
      mismatch: 'Les deux saisies du nouveau code PIN diffèrent. Saisissez-le à nouveau.',
      same: 'Le nouveau code PIN doit être différent du code provisoire.',
      current: 'Saisissez le code PIN provisoire.',
    },
  },
  signIn: {
    busy: 'Trop de connexions en cours. Réessayez dans quelques secondes.',
    mustChangePin: 'Changez d’abord votre code PIN provisoire.',
  },
  keyProtection: {
    badge: 'Clé non scellée',
    fileWarning:
      'Mode navigateur : la clé de la base de données est dans un fichier du poste (protégé par les droits du compte), pas dans le coffre du système. Réservé aux essais.',
  },
};

const ar: Translation<typeof fr> = {
  pinChange: {
    title: 'اختر رمزك السري',
    intro: 'دخلت برمز سري مؤقت. اختر رمزًا شخصيًا من 4 إلى 8 أرقام قبل المتابعة.',
    current: 'الرمز السري المؤقت',
    next: 'الرمز السري الجديد',
    confirm: 'الرمز السري الجديد مرة أخرى',
    hint: 'من 4 إلى 8 أرقام. لا تطلع عليه أحدًا.',
    submit: 'حفظ الرمز السري',
    submitting: 'جارٍ الحفظ…',
    cancel: 'إلغاء وتسجيل الخروج',
    errors: {
      format: 'يجب أن يتكون الرمز السري الجديد من 4 إلى 8 أرقام.',
      mismatch: 'الإدخالان للرمز السري الجديد مختلفان. أدخله من جديد.',
      same: 'يجب أن يختلف الرمز السري الجديد عن الرمز المؤقت.',
      current: 'أدخل الرمز السري المؤقت.',
    },
  },
  signIn: {
    busy: 'عمليات دخول كثيرة جارية. أعد المحاولة بعد بضع ثوانٍ.',
    mustChangePin: 'غيّر رمزك السري المؤقت أولًا.',
  },
  keyProtection: {
    badge: 'مفتاح غير مختوم',
    fileWarning: 'وضع المتصفح: مفتاح قاعدة البيانات محفوظ في ملف على الجهاز (محمي بصلاحيات الحساب) وليس في خزنة النظام. للتجربة فقط.',
  },
};

const en: Translation<typeof fr> = {
  pinChange: {
    title: 'Choose your PIN',
    intro: 'You signed in with a temporary PIN. Choose a personal PIN of 4 to 8 digits before you go on.',
    current: 'Temporary PIN',
    next: 'New PIN',
    confirm: 'New PIN again',
    hint: '4 to 8 digits. Do not share it with anyone.',
    submit: 'Save the PIN',
    submitting: 'Saving…',
    cancel: 'Cancel and sign out',
    errors: {
      format: 'The new PIN must have 4 to 8 digits.',
      mismatch: 'The two entries of the new PIN differ. Type it again.',
      same: 'The new PIN must differ from the temporary one.',
      current: 'Type the temporary PIN.',
    },
  },
  signIn: {
    busy: 'Too many sign-ins in progress. Try again in a few seconds.',
    mustChangePin: 'Change your temporary PIN first.',
  },
  keyProtection: {
    badge: 'Key not sealed',
    fileWarning:
      'Browser mode: the database key is kept in a file on this computer (protected by the account’s permissions), not in the system key store. For trials only.',
  },
};

export const loginMessages = defineMessages(fr, ar, en);
