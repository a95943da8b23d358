/**
 * Messages for the departure rules, the verdicts, PV import errors and PV QR errors, in French
 * (first), Arabic and English. Flat keys (`rule.pv.status.revoked`); parameters as `{{name}}`
 * (i18next syntax: load with `i18n.addResources(lang, ns, departureMessages[lang])`, which
 * accepts flat dotted keys). Instants (`{{at}}`, `{{validFrom}}`, `{{validUntil}}`) are
 * milliseconds: format them before interpolation.
 */
import { RULE_IDS, RULE_REASONS, ruleReasonKey, ruleTitleKey } from './rules';

export type DepartureLanguage = 'fr' | 'ar' | 'en';
type Triple = readonly [fr: string, ar: string, en: string];

const T: Record<string, Triple> = {
  'verdict.ALLOW': ['Départ autorisé', 'المغادرة مسموح بها', 'Departure allowed'],
  'verdict.REFER': ['À soumettre au superviseur', 'إحالة إلى المشرف', 'Refer to a supervisor'],
  'verdict.DENY': ['Départ refusé', 'المغادرة مرفوضة', 'Departure denied'],
  'ruleStatus.passed': ['Conforme', 'مطابق', 'Passed'],
  'ruleStatus.failed': ['Non conforme', 'غير مطابق', 'Failed'],
  'ruleStatus.notApplicable': ['Sans objet', 'لا ينطبق', 'Not applicable'],
  'pending.travelDocument': ['Scanner le document de voyage', 'امسح وثيقة السفر', 'Scan the travel document'],
  'pending.boardingPass': ["Scanner la carte d'embarquement", 'امسح بطاقة الصعود إلى الطائرة', 'Scan the boarding pass'],

  'rule.document.present.title': ['Document de voyage', 'وثيقة السفر', 'Travel document'],
  'rule.document.present.present': ['Document de voyage scanné', 'تم مسح وثيقة السفر', 'Travel document scanned'],
  'rule.document.present.missing': ['Aucun document de voyage scanné', 'لم يتم مسح أي وثيقة سفر', 'No travel document scanned yet'],
  'rule.document.checks.title': ['Lecture et contrôles du document', 'قراءة الوثيقة وأرقام التحقق', 'Document read and checks'],
  'rule.document.checks.passed': ['Chiffres de contrôle corrects', 'أرقام التحقق صحيحة', 'Check digits correct'],
  'rule.document.checks.failed': [
    'Chiffres de contrôle incorrects : document illisible ou altéré',
    'أرقام التحقق غير صحيحة: الوثيقة غير مقروءة أو معدّلة',
    'Check digits wrong: document misread or altered',
  ],
  'rule.document.checks.manual': [
    'Saisie manuelle : pas de chiffres de contrôle',
    'إدخال يدوي: لا توجد أرقام تحقق',
    'Manual entry: no check digits',
  ],
  'rule.document.checks.noDocument': ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],
  'rule.document.expiry.title': ['Validité du document', 'صلاحية الوثيقة', 'Document validity'],
  'rule.document.expiry.valid': ["Valide jusqu'au {{expiry}}", 'صالحة حتى {{expiry}}', 'Valid until {{expiry}}'],
  'rule.document.expiry.validFromPv': [
    "Valide jusqu'au {{expiry}} (date du PV)",
    'صالحة حتى {{expiry}} (حسب المحضر)',
    'Valid until {{expiry}} (date from the PV)',
  ],
  'rule.document.expiry.expired': ['Document expiré le {{expiry}}', 'انتهت صلاحية الوثيقة في {{expiry}}', 'Document expired on {{expiry}}'],
  'rule.document.expiry.unreadable': ["Date d'expiration illisible", 'تاريخ انتهاء الصلاحية غير مقروء', 'Expiry date unreadable'],
  'rule.document.expiry.unknown': ["Date d'expiration inconnue", 'تاريخ انتهاء الصلاحية غير معروف', 'Expiry date unknown'],
  'rule.document.expiry.noDocument': ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],

  'rule.pv.found.title': ['PV de sortie', 'محضر المغادرة', 'Exit PV'],
  'rule.pv.found.cache': ['PV {{pvNumber}} trouvé', 'تم العثور على المحضر {{pvNumber}}', 'PV {{pvNumber}} found'],
  'rule.pv.found.qr': [
    'PV {{pvNumber}} lu depuis son QR signé',
    'تمت قراءة المحضر {{pvNumber}} من رمزه الموقّع',
    'PV {{pvNumber}} read from its signed QR',
  ],
  'rule.pv.found.notFound': ['Aucun PV pour ce document', 'لا يوجد محضر لهذه الوثيقة', 'No PV for this document'],
  'rule.pv.found.awaitingDocument': [
    'En attente du document ou du QR du PV',
    'في انتظار الوثيقة أو رمز المحضر',
    'Waiting for the document or the PV QR',
  ],
  'rule.pv.qr.title': ['QR signé du PV', 'رمز المحضر الموقّع', 'Signed PV QR'],
  'rule.pv.qr.valid': ['Signature valide ({{keyId}})', 'توقيع صالح ({{keyId}})', 'Valid signature ({{keyId}})'],
  'rule.pv.qr.none': ['Aucun QR de PV scanné', 'لم يتم مسح رمز المحضر', 'No PV QR scanned'],
  'rule.pv.qr.invalid': [
    'QR du PV refusé : falsifié, altéré ou inconnu',
    'رمز المحضر مرفوض: مزوّر أو معدّل أو غير معروف',
    'PV QR refused: forged, altered or unknown',
  ],
  'rule.pv.qr.otherPv': [
    'Le QR porte le PV {{qrPvNumber}}, pas le PV {{pvNumber}}',
    'الرمز يخص المحضر {{qrPvNumber}} وليس المحضر {{pvNumber}}',
    'The QR is for PV {{qrPvNumber}}, not PV {{pvNumber}}',
  ],
  'rule.pv.qr.newerThanCache': [
    'Le QR est plus récent (révision {{qrRevision}}) que le PV en cache (révision {{cacheRevision}})',
    'الرمز أحدث (مراجعة {{qrRevision}}) من المحضر المخزن (مراجعة {{cacheRevision}})',
    'The QR is newer (revision {{qrRevision}}) than the cached PV (revision {{cacheRevision}})',
  ],
  'rule.pv.document.title': ['Document du PV', 'وثيقة المحضر', 'Document on the PV'],
  'rule.pv.document.matches': [
    'Numéro et État émetteur conformes au PV',
    'الرقم والدولة المصدرة مطابقان للمحضر',
    'Number and issuing state match the PV',
  ],
  'rule.pv.document.numberDiffers': [
    'Numéro de document différent de celui du PV',
    'رقم الوثيقة مختلف عن رقم المحضر',
    'Document number differs from the PV',
  ],
  'rule.pv.document.issuingStateDiffers': [
    'État émetteur {{document}} au lieu de {{pv}}',
    'الدولة المصدرة {{document}} بدلاً من {{pv}}',
    'Issuing state {{document}} instead of {{pv}}',
  ],
  'rule.pv.document.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.pv.document.noDocument': ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],
  'rule.pv.status.title': ['Statut du PV', 'حالة المحضر', 'PV status'],
  'rule.pv.status.active': ['PV actif', 'المحضر ساري', 'PV active'],
  'rule.pv.status.notInCache': [
    'PV absent du cache : statut non vérifiable hors ligne',
    'المحضر غير موجود في الذاكرة: لا يمكن التحقق من حالته دون اتصال',
    'PV not in the cache: status cannot be checked offline',
  ],
  'rule.pv.status.revoked': ['PV révoqué', 'المحضر ملغى', 'PV revoked'],
  'rule.pv.status.used': ['PV déjà utilisé', 'المحضر مستعمل من قبل', 'PV already used'],
  'rule.pv.status.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.pv.validity.title': ['Période de validité du PV', 'مدة صلاحية المحضر', 'PV validity period'],
  'rule.pv.validity.valid': ['Dans la période de validité', 'ضمن مدة الصلاحية', 'Within the validity period'],
  'rule.pv.validity.notYetValid': [
    'PV pas encore valide (à partir du {{validFrom}})',
    'المحضر غير ساري بعد (ابتداءً من {{validFrom}})',
    'PV not valid yet (from {{validFrom}})',
  ],
  'rule.pv.validity.expired': [
    "PV expiré (jusqu'au {{validUntil}})",
    'انتهت صلاحية المحضر ({{validUntil}})',
    'PV expired (until {{validUntil}})',
  ],
  'rule.pv.validity.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.pv.post.title': ['Poste autorisé', 'المركز الحدودي المرخص', 'Authorised post'],
  'rule.pv.post.thisPost': [
    'PV valable pour ce poste ({{post}})',
    'المحضر صالح لهذا المركز ({{post}})',
    'PV valid for this post ({{post}})',
  ],
  'rule.pv.post.anyPost': ['PV valable pour tout poste', 'المحضر صالح لكل المراكز', 'PV valid for any post'],
  'rule.pv.post.otherPost': ['PV valable seulement pour : {{posts}}', 'المحضر صالح فقط لـ: {{posts}}', 'PV valid only for: {{posts}}'],
  'rule.pv.post.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],

  'rule.identity.name.title': ['Nom sur le document', 'الاسم في الوثيقة', 'Name on the document'],
  'rule.identity.birthDate.title': ['Date de naissance', 'تاريخ الازدياد', 'Date of birth'],
  'rule.identity.birthDate.matches': ['Date de naissance conforme au PV', 'تاريخ الازدياد مطابق للمحضر', 'Date of birth matches the PV'],
  'rule.identity.birthDate.differs': [
    'Date de naissance différente du PV ({{pv}})',
    'تاريخ الازدياد مختلف عن المحضر ({{pv}})',
    'Date of birth differs from the PV ({{pv}})',
  ],
  'rule.identity.birthDate.partialDate': [
    'Date de naissance incomplète sur le document ; PV : {{pv}}',
    'تاريخ الازدياد ناقص في الوثيقة؛ المحضر: {{pv}}',
    'Date of birth incomplete on the document; PV: {{pv}}',
  ],
  'rule.identity.birthDate.unreadable': ['Date de naissance illisible', 'تاريخ الازدياد غير مقروء', 'Date of birth unreadable'],
  'rule.identity.birthDate.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.identity.birthDate.noDocument': ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],
  'rule.identity.nationality.title': ['Nationalité', 'الجنسية', 'Nationality'],
  'rule.identity.nationality.matches': ['Nationalité conforme au PV', 'الجنسية مطابقة للمحضر', 'Nationality matches the PV'],
  'rule.identity.nationality.differs': [
    'Nationalité {{document}} au lieu de {{pv}}',
    'الجنسية {{document}} بدلاً من {{pv}}',
    'Nationality {{document}} instead of {{pv}}',
  ],
  'rule.identity.nationality.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.identity.nationality.noDocument': ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],
  'rule.identity.sex.title': ['Sexe', 'الجنس', 'Sex'],
  'rule.identity.sex.matches': ['Sexe conforme au PV', 'الجنس مطابق للمحضر', 'Sex matches the PV'],
  'rule.identity.sex.differs': [
    'Sexe {{document}} au lieu de {{pv}}',
    'الجنس {{document}} بدلاً من {{pv}}',
    'Sex {{document}} instead of {{pv}}',
  ],
  'rule.identity.sex.unspecified': ['Sexe non indiqué sur le document', 'الجنس غير مذكور في الوثيقة', 'Sex not stated on the document'],
  'rule.identity.sex.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.identity.sex.noDocument': ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],

  'rule.ticket.boardingPass.title': ["Carte d'embarquement", 'بطاقة الصعود إلى الطائرة', 'Boarding pass'],
  'rule.ticket.boardingPass.present': ["Carte d'embarquement scannée", 'تم مسح بطاقة الصعود', 'Boarding pass scanned'],
  'rule.ticket.boardingPass.missing': [
    "Carte d'embarquement pas encore scannée",
    'لم يتم مسح بطاقة الصعود بعد',
    'Boarding pass not scanned yet',
  ],
  'rule.ticket.boardingPass.landTicket': ['Départ par voie terrestre', 'مغادرة برية', 'Departure by land'],
  'rule.ticket.boardingPass.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.ticket.name.title': ["Nom sur la carte d'embarquement", 'الاسم في بطاقة الصعود', 'Name on the boarding pass'],
  'rule.ticket.name.noBoardingPass': ["En attente de la carte d'embarquement", 'في انتظار بطاقة الصعود', 'Waiting for the boarding pass'],
  'rule.ticket.date.title': ['Date du vol', 'تاريخ الرحلة', 'Flight date'],
  'rule.ticket.date.inWindow': ['Départ prévu le {{date}}', 'المغادرة مقررة في {{date}}', 'Departure due on {{date}}'],
  'rule.ticket.date.outOfWindow': [
    "Départ prévu le {{date}}, pas aujourd'hui ({{today}})",
    'المغادرة مقررة في {{date}} وليس اليوم ({{today}})',
    'Departure due on {{date}}, not today ({{today}})',
  ],
  'rule.ticket.date.unknown': ['Date du vol inconnue', 'تاريخ الرحلة غير معروف', 'Flight date unknown'],
  'rule.ticket.date.noBoardingPass': ["En attente de la carte d'embarquement", 'في انتظار بطاقة الصعود', 'Waiting for the boarding pass'],
  'rule.ticket.airport.title': ['Aéroport de départ', 'مطار المغادرة', 'Departure airport'],
  'rule.ticket.airport.matches': ['Départ de {{airport}}', 'المغادرة من {{airport}}', 'Departs from {{airport}}'],
  'rule.ticket.airport.otherAirport': [
    'Vol au départ de {{from}}, pas de {{airport}}',
    'الرحلة تنطلق من {{from}} وليس من {{airport}}',
    'Flight departs from {{from}}, not {{airport}}',
  ],
  'rule.ticket.airport.noLeg': ['Aucun vol sur la carte', 'لا توجد رحلة في البطاقة', 'No flight on the pass'],
  'rule.ticket.airport.landPost': ['Poste terrestre', 'مركز بري', 'Land post'],
  'rule.ticket.airport.noBoardingPass': [
    "En attente de la carte d'embarquement",
    'في انتظار بطاقة الصعود',
    'Waiting for the boarding pass',
  ],
  'rule.ticket.flight.title': ['Vol du PV', 'رحلة المحضر', 'Flight on the PV'],
  'rule.ticket.flight.matches': [
    'Vol conforme au PV ({{flight}})',
    'الرحلة مطابقة للمحضر ({{flight}})',
    'Flight matches the PV ({{flight}})',
  ],
  'rule.ticket.flight.differs': [
    'Vol {{boardingPass}} au lieu de {{pv}} (billet modifié ?)',
    'الرحلة {{boardingPass}} بدلاً من {{pv}} (تذكرة معدّلة؟)',
    'Flight {{boardingPass}} instead of {{pv}} (rebooked?)',
  ],
  'rule.ticket.flight.landTicket': ['Départ par voie terrestre', 'مغادرة برية', 'Departure by land'],
  'rule.ticket.flight.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.ticket.flight.noBoardingPass': ["En attente de la carte d'embarquement", 'في انتظار بطاقة الصعود', 'Waiting for the boarding pass'],
  'rule.ticket.reference.title': [
    'Réservation (PNR / billet électronique)',
    'الحجز (PNR / التذكرة الإلكترونية)',
    'Booking (PNR / e-ticket)',
  ],
  'rule.ticket.reference.matches': ['Réservation conforme au PV', 'الحجز مطابق للمحضر', 'Booking matches the PV'],
  'rule.ticket.reference.differs': ['Réservation différente de celle du PV', 'الحجز مختلف عن المحضر', 'Booking differs from the PV'],
  'rule.ticket.reference.missingOnPass': [
    'Référence de réservation absente de la carte',
    'مرجع الحجز غير موجود في البطاقة',
    'Booking reference not on the pass',
  ],
  'rule.ticket.reference.noReference': [
    'Le PV ne porte pas de réservation',
    'المحضر لا يتضمن مرجع حجز',
    'The PV carries no booking reference',
  ],
  'rule.ticket.reference.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.ticket.reference.noBoardingPass': [
    "En attente de la carte d'embarquement",
    'في انتظار بطاقة الصعود',
    'Waiting for the boarding pass',
  ],

  'rule.departure.notAlready.title': ['Sortie déjà enregistrée', 'خروج مسجل سابقاً', 'Exit already recorded'],
  'rule.departure.notAlready.notDeparted': [
    'Aucune sortie enregistrée pour ce PV',
    'لا يوجد خروج مسجل لهذا المحضر',
    'No exit recorded for this PV',
  ],
  'rule.departure.notAlready.alreadyDeparted': [
    'Sortie déjà enregistrée ({{post}}, {{at}})',
    'تم تسجيل الخروج من قبل ({{post}}، {{at}})',
    'Exit already recorded ({{post}}, {{at}})',
  ],
  'rule.departure.notAlready.notChecked': [
    'Sorties antérieures non vérifiées',
    'لم يتم التحقق من الخروجات السابقة',
    'Earlier exits not checked',
  ],
  'rule.departure.notAlready.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.flags.minor.title': ['Mineur', 'قاصر', 'Minor'],
  'rule.flags.minor.adult': ['Majeur', 'راشد', 'Adult'],
  'rule.flags.minor.minorFlag': [
    'Mineur non accompagné (procédure MNA {{mnaReference}})',
    'قاصر غير مصحوب (مسطرة رقم {{mnaReference}})',
    'Unaccompanied minor (MNA procedure {{mnaReference}})',
  ],
  'rule.flags.minor.minorByAge': ['Mineur ({{age}} ans)', 'قاصر ({{age}} سنة)', 'Minor ({{age}} years old)'],
  'rule.flags.minor.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.flags.trafficking.title': ['Victime de traite', 'ضحية الاتجار بالبشر', 'Trafficking victim'],
  'rule.flags.trafficking.none': ['Aucun signalement', 'لا توجد إشارة', 'No flag'],
  'rule.flags.trafficking.flagged': [
    'Victime de traite : procédure de protection',
    'ضحية الاتجار بالبشر: مسطرة الحماية',
    'Trafficking victim: protection procedure',
  ],
  'rule.flags.trafficking.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  'rule.flags.escort.title': ['Accompagnement', 'المرافقة', 'Escort'],
  'rule.flags.escort.none': ['Aucun accompagnement signalé', 'لا توجد مرافقة مذكورة', 'No escort flagged'],
  'rule.flags.escort.flagged': ['Accompagné par {{partner}}', 'مرافق من طرف {{partner}}', 'Escorted by {{partner}}'],
  'rule.flags.escort.noPv': ['Pas de PV', 'لا يوجد محضر', 'No PV'],

  'pvQr.invalid.malformed': ['QR de PV illisible ou mal formé', 'رمز المحضر غير مقروء أو غير سليم', 'PV QR unreadable or malformed'],
  'pvQr.invalid.unsupportedVersion': ['Version de QR de PV non prise en charge', 'إصدار رمز المحضر غير مدعوم', 'Unsupported PV QR version'],
  'pvQr.invalid.unknownKey': ['QR signé par une clé inconnue', 'الرمز موقّع بمفتاح غير معروف', 'QR signed with an unknown key'],
  'pvQr.invalid.badSignature': [
    'Signature du QR invalide : QR falsifié ou altéré',
    'توقيع الرمز غير صالح: رمز مزوّر أو معدّل',
    'Invalid QR signature: forged or altered QR',
  ],
  'pvQr.invalid.invalidFields': ['Contenu du QR invalide', 'محتوى الرمز غير صالح', 'Invalid QR content'],

  'pvImport.error.syntax': ['Fichier mal formé (syntaxe)', 'ملف غير سليم (خطأ في البنية)', 'Malformed file (syntax)'],
  'pvImport.error.unterminatedQuote': ['Guillemet non fermé', 'علامة تنصيص غير مغلقة', 'Unterminated quote'],
  'pvImport.error.empty': ['Fichier vide', 'ملف فارغ', 'Empty file'],
  'pvImport.error.notAnObject': [
    'Le fichier doit contenir un objet { "version": 1, "pvs": [...] }',
    'يجب أن يحتوي الملف على كائن { "version": 1, "pvs": [...] }',
    'The file must hold an object { "version": 1, "pvs": [...] }',
  ],
  'pvImport.error.version': [
    'Version de format absente ou non prise en charge (attendu : 1)',
    'إصدار الصيغة غير موجود أو غير مدعوم (المتوقع: 1)',
    'Format version missing or unsupported (expected: 1)',
  ],
  'pvImport.error.pvsArray': [
    'La liste "pvs" est absente ou invalide',
    'القائمة "pvs" غير موجودة أو غير صالحة',
    'The "pvs" list is missing or invalid',
  ],
  'pvImport.error.required': ['Champ obligatoire manquant', 'حقل إلزامي ناقص', 'Required field missing'],
  'pvImport.error.invalid': ['Valeur invalide', 'قيمة غير صالحة', 'Invalid value'],
  'pvImport.error.unknownField': ['Champ inconnu', 'حقل غير معروف', 'Unknown field'],
  'pvImport.error.duplicate': ['Numéro de PV en double dans le fichier', 'رقم المحضر مكرر في الملف', 'PV number repeated in the file'],
  'pvImport.error.header': ["Ligne d'en-tête invalide", 'سطر العناوين غير صالح', 'Invalid header line'],
  'pvImport.error.unknownColumn': ['Colonne inconnue', 'عمود غير معروف', 'Unknown column'],
  'pvImport.error.duplicateColumn': ['Colonne en double', 'عمود مكرر', 'Repeated column'],
  'pvImport.error.missingColumn': ['Colonne obligatoire absente', 'عمود إلزامي ناقص', 'Required column missing'],
  'pvImport.error.columnCount': [
    "Nombre de colonnes différent de l'en-tête",
    'عدد الأعمدة مختلف عن سطر العناوين',
    'Column count differs from the header',
  ],
  'pvImport.error.instant': [
    'Date-heure invalide (millisecondes ou ISO 8601 avec fuseau)',
    'تاريخ وساعة غير صالحين (ميلي ثانية أو ISO 8601 مع المنطقة الزمنية)',
    'Invalid date-time (milliseconds or ISO 8601 with a zone)',
  ],
  'pvImport.error.boolean': ['Valeur oui/non invalide', 'قيمة نعم/لا غير صالحة', 'Invalid yes/no value'],
  'pvImport.error.notForMode': [
    'Colonne sans objet pour ce mode de transport',
    'عمود لا ينطبق على وسيلة النقل هذه',
    'Column does not apply to this transport mode',
  ],

  'pv.error.dateFormat': ['Date attendue au format AAAA-MM-JJ', 'التاريخ المتوقع بصيغة YYYY-MM-DD', 'Date expected as YYYY-MM-DD'],
  'pv.error.dateInvalid': ["Cette date n'existe pas", 'هذا التاريخ غير موجود', 'This date does not exist'],
  'pv.error.countryCode': [
    'Code pays ISO à 3 lettres attendu (ex. GIN)',
    'رمز البلد من 3 أحرف متوقع (مثال GIN)',
    'Three-letter ISO country code expected (e.g. GIN)',
  ],
  'pv.error.postCode': ['Code de poste invalide (ex. CMN)', 'رمز المركز غير صالح (مثال CMN)', 'Invalid post code (e.g. CMN)'],
  'pv.error.documentNumber': [
    'Numéro de document : majuscules et chiffres, sans espace',
    'رقم الوثيقة: أحرف كبيرة وأرقام بدون فراغ',
    'Document number: capitals and digits, no spaces',
  ],
  'pv.error.carrier': [
    'Code compagnie à 2 ou 3 caractères attendu',
    'رمز شركة الطيران من حرفين أو ثلاثة متوقع',
    'Two- or three-character airline code expected',
  ],
  'pv.error.flightNumber': ['Numéro de vol invalide (ex. 535)', 'رقم الرحلة غير صالح (مثال 535)', 'Invalid flight number (e.g. 535)'],
  'pv.error.pnr': ['PNR invalide (5 à 8 caractères)', 'رمز الحجز غير صالح (من 5 إلى 8 رموز)', 'Invalid PNR (5 to 8 characters)'],
  'pv.error.eticket': ['Numéro de billet électronique : 13 chiffres', 'رقم التذكرة الإلكترونية: 13 رقماً', 'E-ticket number: 13 digits'],
  'pv.error.pvNumber': ['Numéro de PV invalide', 'رقم المحضر غير صالح', 'Invalid PV number'],
  'pv.error.validityOrder': ['La fin de validité précède le début', 'نهاية الصلاحية قبل بدايتها', 'Validity ends before it starts'],
};

/** Name-match reasons, shared by `identity.name` and `ticket.name`. */
const NAME_REASON_TEXT: Record<string, Triple> = {
  exact: ['Nom identique au PV', 'الاسم مطابق للمحضر', 'Name identical to the PV'],
  normalized: [
    'Nom conforme au PV (accents, ponctuation)',
    'الاسم مطابق للمحضر (النبرات وعلامات الترقيم)',
    'Name matches the PV (accents, punctuation)',
  ],
  givenNamesOrder: [
    'Nom conforme au PV (ordre des prénoms différent)',
    'الاسم مطابق للمحضر (ترتيب الأسماء الشخصية مختلف)',
    'Name matches the PV (given names in another order)',
  ],
  transliteration: [
    'Nom conforme au PV (translittération)',
    'الاسم مطابق للمحضر (اختلاف في النقل الحرفي)',
    'Name matches the PV (transliteration)',
  ],
  truncated: [
    'Nom conforme au PV (tronqué sur le document)',
    'الاسم مطابق للمحضر (مقتطع في الوثيقة)',
    'Name matches the PV (truncated on the document)',
  ],
  givenNamesAbbreviated: [
    'Nom conforme au PV (prénoms abrégés)',
    'الاسم مطابق للمحضر (أسماء شخصية مختصرة)',
    'Name matches the PV (given names shortened)',
  ],
  givenNameMissing: ['Un prénom manque ou est en trop', 'اسم شخصي ناقص أو زائد', 'A given name is missing or extra'],
  swapped: ['Nom et prénoms intervertis', 'الاسم العائلي والأسماء الشخصية معكوسة', 'Surname and given names swapped'],
  typo: ['Nom proche du PV (faute de frappe ?)', 'الاسم قريب من المحضر (خطأ في الكتابة؟)', 'Name close to the PV (typing error?)'],
  surnameDiffers: ['Nom de famille différent du PV', 'الاسم العائلي مختلف عن المحضر', 'Surname differs from the PV'],
  givenNamesDiffer: ['Prénoms différents du PV', 'الأسماء الشخصية مختلفة عن المحضر', 'Given names differ from the PV'],
  empty: ['Nom absent', 'الاسم غير موجود', 'Name missing'],
  noPv: ['Pas de PV', 'لا يوجد محضر', 'No PV'],
  noDocument: ['En attente du document', 'في انتظار الوثيقة', 'Waiting for the document'],
};
for (const id of ['identity.name', 'ticket.name'] as const) {
  for (const [reason, text] of Object.entries(NAME_REASON_TEXT)) {
    if ((RULE_REASONS[id] as readonly string[]).includes(reason)) T[ruleReasonKey(id, reason)] = text;
  }
}

function language(index: 0 | 1 | 2): Record<string, string> {
  return Object.fromEntries(Object.entries(T).map(([key, texts]) => [key, texts[index]]));
}

export const departureMessages: Record<DepartureLanguage, Record<string, string>> = {
  fr: language(0),
  ar: language(1),
  en: language(2),
};

/** Every key a departure rule outcome can carry (titles and reasons). */
export function departureRuleMessageKeys(): string[] {
  return RULE_IDS.flatMap((id) => [ruleTitleKey(id), ...RULE_REASONS[id].map((reason) => ruleReasonKey(id, reason))]);
}

/** Formats a message: `{{name}}` replaced from params; the key itself when unknown. */
export function formatDepartureMessage(lang: DepartureLanguage, key: string, params: Record<string, string | number> = {}): string {
  const template = departureMessages[lang][key] ?? departureMessages.fr[key] ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
