/**
 * Camera view messages (i18n keys `camera.*`). Register with one line in renderer/i18n/index.ts:
 * `cameraMessages` in `bundles`.
 */
export const cameraMessages = {
  fr: {
    camera: {
      guide: 'Placez le code-barres de la carte d’embarquement dans le cadre',
      found: 'Code lu',
      starting: 'Ouverture de la caméra…',
      capture: 'Photo',
      errors: {
        denied: 'Accès à la caméra refusé. Autorisez la caméra dans les réglages.',
        notFound: 'Aucune caméra trouvée. Branchez une caméra ou choisissez-en une autre dans les réglages.',
        busy: 'La caméra est utilisée par une autre application.',
        decoder: 'Le lecteur de codes-barres n’a pas pu démarrer.',
        unknown: 'La caméra ne répond pas.',
      },
    },
  },
  ar: {
    camera: {
      guide: 'ضع الرمز الشريطي لبطاقة الصعود داخل الإطار',
      found: 'تمت قراءة الرمز',
      starting: 'جارٍ تشغيل الكاميرا…',
      capture: 'صورة',
      errors: {
        denied: 'تم رفض الوصول إلى الكاميرا. اسمح باستخدام الكاميرا في الإعدادات.',
        notFound: 'لم يتم العثور على أي كاميرا. صِل كاميرا أو اختر كاميرا أخرى في الإعدادات.',
        busy: 'الكاميرا مستخدمة من قبل تطبيق آخر.',
        decoder: 'تعذر تشغيل قارئ الرموز الشريطية.',
        unknown: 'الكاميرا لا تستجيب.',
      },
    },
  },
  en: {
    camera: {
      guide: 'Place the boarding pass barcode inside the frame',
      found: 'Code read',
      starting: 'Opening the camera…',
      capture: 'Photo',
      errors: {
        denied: 'Camera access denied. Allow the camera in the settings.',
        notFound: 'No camera found. Plug one in or choose another in the settings.',
        busy: 'The camera is in use by another application.',
        decoder: 'The barcode reader could not start.',
        unknown: 'The camera does not respond.',
      },
    },
  },
} as const;

export type CameraErrorKey = `camera.errors.${keyof (typeof cameraMessages)['fr']['camera']['errors']}`;
