/**
 * What the desk says about its passage besides the scan itself (i18n keys `passageNotice.*`),
 * French first, Arabic, English: a duplicate scan, a passage ended by an action, too many scans, a
 * passage taken up again after a restart or a new sign-in, a reader set for another keyboard.
 * Registered in renderer/i18n/index.ts, typed on its own (as the flight board's), which keeps the
 * app-wide key type within what TypeScript expands.
 */
import { defineMessages } from '../../../core/i18n/messages';
import type { MessageKey } from '../../../core/i18n/messages';
import type { Notice } from './use-passage';

const fr = {
  passageNotice: {
    duplicateScan: 'Ce code est déjà dans le passage.',
    newPassageStarted: 'Passage précédent terminé : nouveau passage.',
    tooManyScans: 'Trop de scans : les plus anciens sont retirés.',
    passageResumed: 'Passage en cours repris : poursuivez-le, ou commencez un nouveau passage.',
    layoutMismatch: 'Le lecteur semble réglé pour un autre clavier (AZERTY/QWERTY) : rescannez ou réglez le lecteur.',
  },
};

const ar: typeof fr = {
  passageNotice: {
    duplicateScan: 'هذا الرمز موجود من قبل في هذا المرور.',
    newPassageStarted: 'انتهى المرور السابق: مرور جديد.',
    tooManyScans: 'عدد كبير من المسح: تم حذف الأقدم.',
    passageResumed: 'تم استئناف المرور الجاري: أكمِله أو ابدأ مرورًا جديدًا.',
    layoutMismatch: 'يبدو أن القارئ مضبوط على لوحة مفاتيح أخرى (AZERTY/QWERTY): أعد المسح أو اضبط القارئ.',
  },
};

const en: typeof fr = {
  passageNotice: {
    duplicateScan: 'This code is already in the passage.',
    newPassageStarted: 'Previous passage finished: new passage.',
    tooManyScans: 'Too many scans: the oldest are dropped.',
    passageResumed: 'Passage in progress resumed: carry on, or start a new passage.',
    layoutMismatch: 'The reader seems set for another keyboard (AZERTY/QWERTY): scan again or set the reader.',
  },
};

export const passageNoticeMessages = defineMessages(fr, ar, en);

/** The message key of a desk notice (every notice has one: a missing message is a type error). */
export function noticeKey(notice: NonNullable<Notice>): MessageKey<typeof fr> {
  return `passageNotice.${notice}`;
}
