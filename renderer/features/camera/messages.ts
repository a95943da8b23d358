/**
 * Camera view messages (i18n keys `camera.*`), one tree per language (core/i18n/messages.ts).
 * Registered with one line in renderer/i18n/index.ts (`cameraMessages` in `bundles`).
 */
import { defineMessages, type Translation } from '../../../core/i18n/messages';

const fr = {
  camera: {
    guide: 'Placez le code-barres de la carte d’embarquement ou la page d’identité du passeport dans le cadre',
    found: 'Code lu',
    starting: 'Ouverture de la caméra…',
    capture: 'Photo',
    mrz: {
      title: 'Bande MRZ lue par la caméra',
      checkFailed: 'La bande MRZ n’a pas pu être validée (chiffres de contrôle). Comparez-la au document avant de confirmer.',
      unsure: 'La bande MRZ n’a pas pu être lue avec certitude. Comparez-la au document avant de confirmer.',
      confirm: 'Confirmer la MRZ',
      dismiss: 'Ignorer',
      uncertainHint: 'Les caractères surlignés sont incertains : vérifiez-les sur le document et corrigez-les au clavier si besoin.',
      cutByEdge: 'La bande MRZ touche le bord de l’image : ramenez la page au centre du cadre pour une nouvelle lecture.',
      glare: 'Un reflet couvre une partie de la bande MRZ : inclinez légèrement la page ou écartez la lampe pour une nouvelle lecture.',
      editLabel: 'MRZ à enregistrer (modifiable)',
      badCorrection: 'La MRZ corrigée doit garder le même nombre de lignes et de caractères (A-Z, 0-9, <).',
    },
    errors: {
      denied: 'Accès à la caméra refusé. Autorisez la caméra dans les réglages.',
      notFound: 'Aucune caméra trouvée. Branchez une caméra ou choisissez-en une autre dans les réglages.',
      busy: 'La caméra est utilisée par une autre application.',
      decoder: 'Le lecteur de codes-barres n’a pas pu démarrer.',
      unknown: 'La caméra ne répond pas.',
    },
  },
};

const ar: Translation<typeof fr> = {
  camera: {
    guide: 'ضع الرمز الشريطي لبطاقة الصعود أو صفحة بيانات جواز السفر داخل الإطار',
    found: 'تمت قراءة الرمز',
    starting: 'جارٍ تشغيل الكاميرا…',
    capture: 'صورة',
    mrz: {
      title: 'المنطقة المقروءة آليًا (MRZ) كما قرأتها الكاميرا',
      checkFailed: 'تعذر التحقق من المنطقة المقروءة آليًا (أرقام التحقق). قارنها بالوثيقة قبل التأكيد.',
      unsure: 'تعذرت قراءة المنطقة المقروءة آليًا بشكل مؤكد. قارنها بالوثيقة قبل التأكيد.',
      confirm: 'تأكيد المنطقة المقروءة آليًا',
      dismiss: 'تجاهل',
      uncertainHint: 'الحروف المظللة غير مؤكدة: تحقق منها في الوثيقة وصححها بلوحة المفاتيح عند الحاجة.',
      cutByEdge: 'المنطقة المقروءة آليًا تلامس حافة الصورة: أعد الصفحة إلى وسط الإطار لقراءة جديدة.',
      glare: 'انعكاس ضوئي يغطي جزءًا من المنطقة المقروءة آليًا: أمِل الصفحة قليلًا أو أبعد المصباح لقراءة جديدة.',
      editLabel: 'المنطقة المقروءة آليًا المراد تسجيلها (قابلة للتعديل)',
      badCorrection: 'يجب أن تحتفظ المنطقة المصححة بنفس عدد الأسطر والحروف (A-Z و0-9 و<).',
    },
    errors: {
      denied: 'تم رفض الوصول إلى الكاميرا. اسمح باستخدام الكاميرا في الإعدادات.',
      notFound: 'لم يتم العثور على أي كاميرا. صِل كاميرا أو اختر كاميرا أخرى في الإعدادات.',
      busy: 'الكاميرا مستخدمة من قبل تطبيق آخر.',
      decoder: 'تعذر تشغيل قارئ الرموز الشريطية.',
      unknown: 'الكاميرا لا تستجيب.',
    },
  },
};

const en: Translation<typeof fr> = {
  camera: {
    guide: 'Place the boarding pass barcode or the passport data page inside the frame',
    found: 'Code read',
    starting: 'Opening the camera…',
    capture: 'Photo',
    mrz: {
      title: 'MRZ read by the camera',
      checkFailed: 'The MRZ could not be validated (check digits). Compare it with the document before confirming.',
      unsure: 'The MRZ could not be read with certainty. Compare it with the document before confirming.',
      confirm: 'Confirm the MRZ',
      dismiss: 'Dismiss',
      uncertainHint: 'The highlighted characters are uncertain: check them on the document and correct them on the keyboard if needed.',
      cutByEdge: 'The MRZ touches the edge of the image: bring the page back to the middle of the frame for a new reading.',
      glare: 'A reflection covers part of the MRZ: tilt the page slightly or move the lamp away for a new reading.',
      editLabel: 'MRZ to record (editable)',
      badCorrection: 'The corrected MRZ must keep the same number of lines and characters (A-Z, 0-9, <).',
    },
    errors: {
      denied: 'Camera access denied. Allow the camera in the settings.',
      notFound: 'No camera found. Plug one in or choose another in the settings.',
      busy: 'The camera is in use by another application.',
      decoder: 'The barcode reader could not start.',
      unknown: 'The camera does not respond.',
    },
  },
};

export const cameraMessages = defineMessages(fr, ar, en);

export type CameraErrorKey = `camera.errors.${keyof (typeof fr)['camera']['errors']}`;
