/**
 * Message keys and texts for every error and warning the document parsers report.
 *
 * A parser never returns prose: each issue carries `message`, an i18n key such as
 * `documents.mrz.documentNumberCheckDigit`, and sometimes `params` for interpolation
 * (`{{expected}}`, `{{actual}}`, `{{line}}`, `{{field}}`, `{{max}}`). The UI merges
 * `documentMessages.fr / .ar / .en` (nested objects, i18next resource shape) into its
 * translations and can check with `documentMessageKeys` that nothing is missing.
 */

type Texts = { en: string; fr: string; ar: string };

const table = {
  // MRZ: structure
  'documents.mrz.lineCount': {
    en: 'The MRZ must have 2 or 3 lines (found {{actual}}).',
    fr: 'La bande MRZ doit compter 2 ou 3 lignes ({{actual}} lues).',
    ar: 'يجب أن تتكون المنطقة المقروءة آليًا من سطرين أو ثلاثة أسطر (تمت قراءة {{actual}}).',
  },
  'documents.mrz.lineLength': {
    en: 'MRZ line {{line}} has {{actual}} characters, {{expected}} expected.',
    fr: 'La ligne MRZ {{line}} compte {{actual}} caractères, {{expected}} attendus.',
    ar: 'السطر {{line}} من المنطقة المقروءة آليًا يحتوي على {{actual}} حرفًا، والمتوقع {{expected}}.',
  },
  'documents.mrz.invalidCharacter': {
    en: 'MRZ line {{line}} holds a character that is not A-Z, 0-9 or <.',
    fr: 'La ligne MRZ {{line}} contient un caractère autre que A-Z, 0-9 ou <.',
    ar: 'السطر {{line}} من المنطقة المقروءة آليًا يحتوي على رمز غير مسموح به (المسموح: A-Z و0-9 و<).',
  },
  'documents.mrz.documentTypeFormat': {
    en: 'The document code is not valid.',
    fr: 'Le code du document n’est pas valide.',
    ar: 'رمز الوثيقة غير صالح.',
  },
  'documents.mrz.issuingStateFormat': {
    en: 'The issuing state code is not made of letters.',
    fr: 'Le code de l’État émetteur n’est pas composé de lettres.',
    ar: 'رمز الدولة المصدرة لا يتكون من حروف.',
  },
  'documents.mrz.nationalityFormat': {
    en: 'The nationality code is not made of letters.',
    fr: 'Le code de nationalité n’est pas composé de lettres.',
    ar: 'رمز الجنسية لا يتكون من حروف.',
  },
  'documents.mrz.nameFormat': {
    en: 'The name holds characters other than letters.',
    fr: 'Le nom contient des caractères autres que des lettres.',
    ar: 'يحتوي الاسم على رموز غير الحروف.',
  },
  'documents.mrz.sexFormat': {
    en: 'The sex must be M, F or <.',
    fr: 'Le sexe doit être M, F ou <.',
    ar: 'يجب أن يكون الجنس M أو F أو <.',
  },
  'documents.mrz.birthDateFormat': {
    en: 'The date of birth is not in YYMMDD form.',
    fr: 'La date de naissance n’est pas au format AAMMJJ.',
    ar: 'تاريخ الميلاد ليس بالصيغة YYMMDD.',
  },
  'documents.mrz.expiryDateFormat': {
    en: 'The expiry date is not in YYMMDD form.',
    fr: 'La date d’expiration n’est pas au format AAMMJJ.',
    ar: 'تاريخ انتهاء الصلاحية ليس بالصيغة YYMMDD.',
  },
  // MRZ: check digits
  'documents.mrz.documentNumberCheckDigit': {
    en: 'The document number check digit does not match.',
    fr: 'Le chiffre de contrôle du numéro de document ne correspond pas.',
    ar: 'رقم التحقق الخاص برقم الوثيقة غير مطابق.',
  },
  'documents.mrz.birthDateCheckDigit': {
    en: 'The date of birth check digit does not match.',
    fr: 'Le chiffre de contrôle de la date de naissance ne correspond pas.',
    ar: 'رقم التحقق الخاص بتاريخ الميلاد غير مطابق.',
  },
  'documents.mrz.expiryDateCheckDigit': {
    en: 'The expiry date check digit does not match.',
    fr: 'Le chiffre de contrôle de la date d’expiration ne correspond pas.',
    ar: 'رقم التحقق الخاص بتاريخ انتهاء الصلاحية غير مطابق.',
  },
  'documents.mrz.personalNumberCheckDigit': {
    en: 'The personal number check digit does not match.',
    fr: 'Le chiffre de contrôle du numéro personnel ne correspond pas.',
    ar: 'رقم التحقق الخاص بالرقم الشخصي غير مطابق.',
  },
  'documents.mrz.compositeCheckDigit': {
    en: 'The composite check digit does not match.',
    fr: 'Le chiffre de contrôle global ne correspond pas.',
    ar: 'رقم التحقق الإجمالي غير مطابق.',
  },
  'documents.mrz.documentNumberCheckDigitFormat': {
    en: 'The document number check digit position does not hold a digit.',
    fr: 'La position du chiffre de contrôle du numéro de document ne contient pas un chiffre.',
    ar: 'موضع رقم التحقق الخاص برقم الوثيقة لا يحتوي على رقم.',
  },
  'documents.mrz.birthDateCheckDigitFormat': {
    en: 'The date of birth check digit position does not hold a digit.',
    fr: 'La position du chiffre de contrôle de la date de naissance ne contient pas un chiffre.',
    ar: 'موضع رقم التحقق الخاص بتاريخ الميلاد لا يحتوي على رقم.',
  },
  'documents.mrz.expiryDateCheckDigitFormat': {
    en: 'The expiry date check digit position does not hold a digit.',
    fr: 'La position du chiffre de contrôle de la date d’expiration ne contient pas un chiffre.',
    ar: 'موضع رقم التحقق الخاص بتاريخ انتهاء الصلاحية لا يحتوي على رقم.',
  },
  'documents.mrz.personalNumberCheckDigitFormat': {
    en: 'The personal number check digit position does not hold a digit.',
    fr: 'La position du chiffre de contrôle du numéro personnel ne contient pas un chiffre.',
    ar: 'موضع رقم التحقق الخاص بالرقم الشخصي لا يحتوي على رقم.',
  },
  'documents.mrz.compositeCheckDigitFormat': {
    en: 'The composite check digit position does not hold a digit.',
    fr: 'La position du chiffre de contrôle global ne contient pas un chiffre.',
    ar: 'موضع رقم التحقق الإجمالي لا يحتوي على رقم.',
  },
  // MRZ: warnings
  'documents.mrz.birthDateInvalid': {
    en: 'The date of birth is not a real calendar date.',
    fr: 'La date de naissance n’est pas une date réelle du calendrier.',
    ar: 'تاريخ الميلاد ليس تاريخًا صحيحًا في التقويم.',
  },
  'documents.mrz.expiryDateInvalid': {
    en: 'The expiry date is not a real calendar date.',
    fr: 'La date d’expiration n’est pas une date réelle du calendrier.',
    ar: 'تاريخ انتهاء الصلاحية ليس تاريخًا صحيحًا في التقويم.',
  },
  'documents.mrz.birthDateUnknown': {
    en: 'The date of birth is partly or wholly unknown (fillers).',
    fr: 'La date de naissance est inconnue en tout ou partie (caractères de remplissage).',
    ar: 'تاريخ الميلاد غير معروف كليًا أو جزئيًا (رموز ملء).',
  },
  'documents.mrz.documentExpired': {
    en: 'The document has expired.',
    fr: 'Le document est expiré.',
    ar: 'انتهت صلاحية الوثيقة.',
  },
  'documents.mrz.issuingStateUnknown': {
    en: 'The issuing state code is not a known code.',
    fr: 'Le code de l’État émetteur n’est pas un code connu.',
    ar: 'رمز الدولة المصدرة غير معروف.',
  },
  'documents.mrz.nationalityUnknown': {
    en: 'The nationality code is not a known code.',
    fr: 'Le code de nationalité n’est pas un code connu.',
    ar: 'رمز الجنسية غير معروف.',
  },
  'documents.mrz.nameTruncated': {
    en: 'The name fills the whole MRZ field and may be truncated: compare with the printed page.',
    fr: 'Le nom occupe toute la zone MRZ et peut être tronqué : comparez avec la page imprimée.',
    ar: 'يملأ الاسم الحقل بالكامل وقد يكون مقتطعًا: قارنه بالصفحة المطبوعة.',
  },
  'documents.mrz.ocrRepaired': {
    en: 'Some characters were corrected after a reading error: check them against the document.',
    fr: 'Des caractères ont été corrigés après une erreur de lecture : vérifiez-les sur le document.',
    ar: 'تم تصحيح بعض الرموز بعد خطأ في القراءة: تحقق منها على الوثيقة.',
  },
  // BCBP
  'documents.bcbp.length': {
    en: 'The boarding pass data has the wrong length.',
    fr: 'Les données de la carte d’embarquement n’ont pas la bonne longueur.',
    ar: 'طول بيانات بطاقة الصعود غير صحيح.',
  },
  'documents.bcbp.formatCode': {
    en: 'The boarding pass format code is not M.',
    fr: 'Le code de format de la carte d’embarquement n’est pas M.',
    ar: 'رمز صيغة بطاقة الصعود ليس M.',
  },
  'documents.bcbp.legsCount': {
    en: 'The number of flight legs is not valid.',
    fr: 'Le nombre de segments de vol n’est pas valide.',
    ar: 'عدد مقاطع الرحلة غير صالح.',
  },
  'documents.bcbp.fieldSize': {
    en: 'A field size in the boarding pass is not valid or runs past the data.',
    fr: 'Une taille de champ de la carte d’embarquement est invalide ou dépasse les données.',
    ar: 'حجم أحد حقول بطاقة الصعود غير صالح أو يتجاوز البيانات.',
  },
  'documents.bcbp.julianDate': {
    en: 'The flight date (day of year) is not between 001 and 366.',
    fr: 'La date du vol (jour de l’année) n’est pas comprise entre 001 et 366.',
    ar: 'تاريخ الرحلة (اليوم من السنة) ليس بين 001 و366.',
  },
  'documents.bcbp.airportCode': {
    en: 'An airport code is not three letters.',
    fr: 'Un code d’aéroport n’est pas composé de trois lettres.',
    ar: 'رمز المطار لا يتكون من ثلاثة حروف.',
  },
  'documents.bcbp.securityDataLength': {
    en: 'The security data length does not match the data.',
    fr: 'La longueur des données de sécurité ne correspond pas aux données.',
    ar: 'طول بيانات الأمان لا يطابق البيانات.',
  },
  'documents.bcbp.versionUnknown': {
    en: 'The boarding pass version is not one this app knows (1 to 8).',
    fr: 'La version de la carte d’embarquement n’est pas connue de l’application (1 à 8).',
    ar: 'إصدار بطاقة الصعود غير معروف للتطبيق (من 1 إلى 8).',
  },
  'documents.bcbp.versionMarkerMissing': {
    en: 'The conditional data does not start with the version marker.',
    fr: 'Les données conditionnelles ne commencent pas par le marqueur de version.',
    ar: 'البيانات الشرطية لا تبدأ بعلامة الإصدار.',
  },
  'documents.bcbp.flightDateUnresolved': {
    en: 'The flight date could not be resolved without a scan date.',
    fr: 'La date du vol n’a pas pu être déterminée sans date de lecture.',
    ar: 'تعذر تحديد تاريخ الرحلة دون تاريخ القراءة.',
  },
  'documents.bcbp.issuanceDateInvalid': {
    en: 'The boarding pass issue date is not valid.',
    fr: 'La date d’émission de la carte d’embarquement n’est pas valide.',
    ar: 'تاريخ إصدار بطاقة الصعود غير صالح.',
  },
  // LPC
  'documents.lpc.fieldRequired': {
    en: 'This field is required.',
    fr: 'Ce champ est obligatoire.',
    ar: 'هذا الحقل إلزامي.',
  },
  'documents.lpc.documentNumberFormat': {
    en: 'The document number must be 1 to 20 letters or digits.',
    fr: 'Le numéro de document doit compter de 1 à 20 lettres ou chiffres.',
    ar: 'يجب أن يتكون رقم الوثيقة من 1 إلى 20 حرفًا أو رقمًا.',
  },
  'documents.lpc.nameFormat': {
    en: 'The name holds characters other than letters, spaces, hyphens or apostrophes.',
    fr: 'Le nom contient des caractères autres que lettres, espaces, traits d’union ou apostrophes.',
    ar: 'يحتوي الاسم على رموز غير الحروف والمسافات والشرطات والفواصل العليا.',
  },
  'documents.lpc.issuingStateFormat': {
    en: 'The issuing state must be a three-letter code.',
    fr: 'L’État émetteur doit être un code de trois lettres.',
    ar: 'يجب أن تكون الدولة المصدرة رمزًا من ثلاثة حروف.',
  },
  'documents.lpc.nationalityFormat': {
    en: 'The nationality must be a three-letter code.',
    fr: 'La nationalité doit être un code de trois lettres.',
    ar: 'يجب أن تكون الجنسية رمزًا من ثلاثة حروف.',
  },
  'documents.lpc.birthDateFormat': {
    en: 'The date of birth is not a date (YYMMDD, YYYY-MM-DD or DD/MM/YYYY).',
    fr: 'La date de naissance n’est pas une date (AAMMJJ, AAAA-MM-JJ ou JJ/MM/AAAA).',
    ar: 'تاريخ الميلاد ليس تاريخًا (YYMMDD أو YYYY-MM-DD أو DD/MM/YYYY).',
  },
  'documents.lpc.expiryDateFormat': {
    en: 'The expiry date is not a date (YYMMDD, YYYY-MM-DD or DD/MM/YYYY).',
    fr: 'La date d’expiration n’est pas une date (AAMMJJ, AAAA-MM-JJ ou JJ/MM/AAAA).',
    ar: 'تاريخ انتهاء الصلاحية ليس تاريخًا (YYMMDD أو YYYY-MM-DD أو DD/MM/YYYY).',
  },
  'documents.lpc.issueDateFormat': {
    en: 'The issue date is not a date (YYMMDD, YYYY-MM-DD or DD/MM/YYYY).',
    fr: 'La date de délivrance n’est pas une date (AAMMJJ, AAAA-MM-JJ ou JJ/MM/AAAA).',
    ar: 'تاريخ الإصدار ليس تاريخًا (YYMMDD أو YYYY-MM-DD أو DD/MM/YYYY).',
  },
  'documents.lpc.sexFormat': {
    en: 'The sex must be M, F or < (unspecified).',
    fr: 'Le sexe doit être M, F ou < (non précisé).',
    ar: 'يجب أن يكون الجنس M أو F أو < (غير محدد).',
  },
  'documents.lpc.birthDateInvalid': {
    en: 'The date of birth is not a real calendar date.',
    fr: 'La date de naissance n’est pas une date réelle du calendrier.',
    ar: 'تاريخ الميلاد ليس تاريخًا صحيحًا في التقويم.',
  },
  'documents.lpc.expiryDateInvalid': {
    en: 'The expiry date is not a real calendar date.',
    fr: 'La date d’expiration n’est pas une date réelle du calendrier.',
    ar: 'تاريخ انتهاء الصلاحية ليس تاريخًا صحيحًا في التقويم.',
  },
  'documents.lpc.issueDateInvalid': {
    en: 'The issue date is not a real calendar date.',
    fr: 'La date de délivrance n’est pas une date réelle du calendrier.',
    ar: 'تاريخ الإصدار ليس تاريخًا صحيحًا في التقويم.',
  },
  'documents.lpc.issuingStateUnknown': {
    en: 'The issuing state code is not a known code.',
    fr: 'Le code de l’État émetteur n’est pas un code connu.',
    ar: 'رمز الدولة المصدرة غير معروف.',
  },
  'documents.lpc.nationalityUnknown': {
    en: 'The nationality code is not a known code.',
    fr: 'Le code de nationalité n’est pas un code connu.',
    ar: 'رمز الجنسية غير معروف.',
  },
  'documents.lpc.documentExpired': {
    en: 'The laissez-passer has expired.',
    fr: 'Le laissez-passer est expiré.',
    ar: 'انتهت صلاحية جواز المرور.',
  },
  'documents.lpc.barcodeUnrecognised': {
    en: 'The barcode is not a laissez-passer this app can read.',
    fr: 'Le code-barres n’est pas un laissez-passer lisible par l’application.',
    ar: 'الرمز الشريطي ليس جواز مرور يمكن للتطبيق قراءته.',
  },
  'documents.lpc.decoderFailed': {
    en: 'The consulate barcode reader failed on this payload.',
    fr: 'Le lecteur du code-barres consulaire a échoué sur ces données.',
    ar: 'فشل قارئ الرمز الشريطي القنصلي في قراءة هذه البيانات.',
  },
  // E-ticket
  'documents.eticket.format': {
    en: 'An e-ticket number is 13 digits: a 3-digit airline prefix and a 10-digit serial.',
    fr: 'Un numéro de billet électronique compte 13 chiffres : préfixe compagnie (3) et numéro (10).',
    ar: 'رقم التذكرة الإلكترونية 13 رقمًا: بادئة شركة الطيران (3) والرقم التسلسلي (10).',
  },
  'documents.eticket.airlinePrefix': {
    en: 'The airline prefix 000 is not assigned to an airline.',
    fr: 'Le préfixe compagnie 000 n’est attribué à aucune compagnie.',
    ar: 'البادئة 000 غير مخصصة لأي شركة طيران.',
  },
  // Staff badge
  'documents.badge.format': {
    en: 'A staff badge reads RVA-BADGE:<post>:<username>:<badge number>.',
    fr: 'Un badge agent se lit RVA-BADGE:<poste>:<identifiant>:<numéro de badge>.',
    ar: 'صيغة شارة الموظف: RVA-BADGE:<المركز>:<اسم المستخدم>:<رقم الشارة>.',
  },
  'documents.badge.post': {
    en: 'The post code on the badge is not valid.',
    fr: 'Le code du poste sur le badge n’est pas valide.',
    ar: 'رمز المركز على الشارة غير صالح.',
  },
  'documents.badge.username': {
    en: 'The username on the badge is not valid.',
    fr: 'L’identifiant sur le badge n’est pas valide.',
    ar: 'اسم المستخدم على الشارة غير صالح.',
  },
  'documents.badge.badgeNumber': {
    en: 'The badge number is not valid.',
    fr: 'Le numéro de badge n’est pas valide.',
    ar: 'رقم الشارة غير صالح.',
  },
  // PV
  'documents.pv.pvParserMissing': {
    en: 'This is a PV code, but no PV reader is available here.',
    fr: 'Il s’agit d’un code de PV, mais aucun lecteur de PV n’est disponible ici.',
    ar: 'هذا رمز محضر، لكن لا يتوفر هنا قارئ للمحاضر.',
  },
  'documents.pv.pvParserFailed': {
    en: 'The PV code could not be read.',
    fr: 'Le code du PV n’a pas pu être lu.',
    ar: 'تعذرت قراءة رمز المحضر.',
  },
  // Scan classifier
  'documents.scan.empty': {
    en: 'The scan is empty.',
    fr: 'La lecture est vide.',
    ar: 'القراءة فارغة.',
  },
  'documents.scan.tooLong': {
    en: 'The scan is too long (more than {{max}} characters).',
    fr: 'La lecture est trop longue (plus de {{max}} caractères).',
    ar: 'القراءة طويلة جدًا (أكثر من {{max}} حرفًا).',
  },
  'documents.scan.notText': {
    en: 'The scan is not text.',
    fr: 'La lecture n’est pas du texte.',
    ar: 'القراءة ليست نصًا.',
  },
  'documents.scan.unrecognised': {
    en: 'This code is not a document the app recognises.',
    fr: 'Ce code n’est pas un document reconnu par l’application.',
    ar: 'هذا الرمز ليس وثيقة يتعرف عليها التطبيق.',
  },
  'documents.scan.internalError': {
    en: 'The scan could not be analysed.',
    fr: 'La lecture n’a pas pu être analysée.',
    ar: 'تعذر تحليل القراءة.',
  },
} as const satisfies Record<string, Texts>;

/** Every i18n key the document parsers may put in an issue's `message`. */
export type DocumentMessageKey = keyof typeof table;

/** Plain list of all keys, for a translation completeness check in the UI. */
export const documentMessageKeys: readonly DocumentMessageKey[] = Object.freeze(Object.keys(table) as DocumentMessageKey[]);

/** Nested i18next resource: `{ documents: { mrz: { lineLength: '...' } } }`. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

function tree(language: keyof Texts): MessageTree {
  const root: MessageTree = {};
  for (const key of documentMessageKeys) {
    const parts = key.split('.');
    let node = root;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: MessageTree = {};
        node[part] = created;
        node = created;
      }
    }
    node[parts[parts.length - 1] as string] = table[key][language];
  }
  return root;
}

/** Flat texts per language, keyed by the full i18n key. */
export const documentMessagesFlat: Record<keyof Texts, Record<DocumentMessageKey, string>> = {
  fr: Object.fromEntries(documentMessageKeys.map((k) => [k, table[k].fr])) as Record<DocumentMessageKey, string>,
  ar: Object.fromEntries(documentMessageKeys.map((k) => [k, table[k].ar])) as Record<DocumentMessageKey, string>,
  en: Object.fromEntries(documentMessageKeys.map((k) => [k, table[k].en])) as Record<DocumentMessageKey, string>,
};

/** Nested texts per language, ready to merge into i18next resources (namespace "translation"). */
export const documentMessages: { fr: MessageTree; ar: MessageTree; en: MessageTree } = {
  fr: tree('fr'),
  ar: tree('ar'),
  en: tree('en'),
};
