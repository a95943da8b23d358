import { describe, expect, it } from 'vitest';
import { SETUP_ERRORS } from '../../../core/post/provisioning';
import { languages, leafKeys } from '../../i18n';
import { setupMessages } from './messages';

describe('setup messages', () => {
  it('every reason main or the form can give has its plain words in French, Arabic and English', () => {
    for (const lang of languages) {
      const keys = new Set(leafKeys(setupMessages[lang]));
      for (const reason of SETUP_ERRORS) expect(keys.has(`setup.errors.${reason}`), `${lang}: ${reason}`).toBe(true);
      expect(leafKeys(setupMessages[lang]).filter((k) => k.startsWith('setup.errors.'))).toHaveLength(SETUP_ERRORS.length);
    }
  });
});
