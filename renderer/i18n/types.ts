import type { cameraMessages } from '../features/camera/messages';
import type { loginMessages } from '../features/login/messages';
import type { receiptMessages } from '../features/receipts/messages';
import type { setupMessages } from '../features/setup/messages';
import type { supervisorMessages } from '../features/supervisor/messages';
import type { CoreMessages } from '../../core/i18n/catalog';
import type { MessageKey } from '../../core/i18n/messages';
import type { fr } from './locales/fr';

export {
  defaultLanguage,
  languages,
  type Language,
  type MessageBundle,
  type MessageTree,
  type Translation,
} from '../../core/i18n/messages';

/**
 * Every message of the UI, as the French reference: the shape the keys are checked against.
 * `setup.errors.*` are keys main answers with (runtime keys, like rule reasons): left out of the
 * type, which is near the depth i18next's key types allow; features/setup/messages.test.ts checks them.
 * `setup.qr.*` are left out for the same depth, and reached through `SetupScreen`'s `qrText`, typed
 * on the French tree.
 */
export type AppMessages = typeof fr &
  CoreMessages &
  (typeof cameraMessages)['fr'] &
  (typeof supervisorMessages)['fr'] &
  (typeof loginMessages)['fr'] &
  (typeof receiptMessages)['fr'] & { setup: Omit<(typeof setupMessages)['fr']['setup'], 'errors' | 'qr'> };

/** A message key of the UI (`'passage.actions.pay'`). */
export type AppMessageKey = MessageKey<AppMessages>;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: AppMessages };
    returnNull: false;
  }
}
