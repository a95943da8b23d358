import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEAD_KEY_PLACEHOLDER,
  detectLayoutMismatch,
  fixAzertyAsQwerty,
  looksLikeBcbp,
  isWellFormedMrz,
  qwertyAsAzerty,
} from './keyboard-layout';

const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
const TD1 = 'I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<';
const BCBP = 'M1ERIKSSON/ANNA MARIA EABC123 CMNCDGAT 0759 335Y012A0012 100';

describe('AZERTY typed by a QWERTY scanner', () => {
  it('produces the known signature', () => {
    expect(qwertyAsAzerty('1234567890')).toBe('&é"\'(-è_çà');
    expect(qwertyAsAzerty('AQZWM<')).toBe('QAWZ?.');
    expect(qwertyAsAzerty('P<UTO')).toBe('P.UTO');
  });

  it('converts back exactly', () => {
    expect(fixAzertyAsQwerty('&é"\'(-è_çà')).toBe('1234567890');
    expect(fixAzertyAsQwerty(qwertyAsAzerty(TD3))).toBe(TD3);
  });

  it('round-trips any text over the scanner character set', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789<>/ -.\n'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 120 }), (arr) => {
        const s = arr.join('');
        expect(fixAzertyAsQwerty(qwertyAsAzerty(s))).toBe(s);
      }),
    );
  });

  it('recognises documents', () => {
    expect(isWellFormedMrz(TD3)).toBe(true);
    expect(isWellFormedMrz(TD1)).toBe(true);
    expect(isWellFormedMrz('P<UTO')).toBe(false);
    expect(looksLikeBcbp(BCBP)).toBe(true);
    expect(looksLikeBcbp(qwertyAsAzerty(BCBP))).toBe(false);
  });
});

describe('detectLayoutMismatch', () => {
  it('leaves correct documents and plain text alone', () => {
    expect(detectLayoutMismatch(TD3)).toEqual({ kind: 'none' });
    expect(detectLayoutMismatch(BCBP)).toEqual({ kind: 'none' });
    expect(detectLayoutMismatch('RVA2026000123')).toEqual({ kind: 'none' });
    expect(detectLayoutMismatch("Rue d'Agadir (centre)")).toEqual({ kind: 'none' });
  });

  it('repairs a passport MRZ typed on an AZERTY desk', () => {
    const typed = qwertyAsAzerty(TD3);
    expect(typed.split('\n')[1]).toBe("L_ç_çàéC\"-UTOè'à_&ééF&éà'&(çWE&_'éé-B.....&à");
    expect(detectLayoutMismatch(typed)).toEqual({ kind: 'azerty-as-qwerty', fixed: TD3, reason: 'document' });
  });

  it('repairs an ID-card MRZ and a boarding pass', () => {
    expect(detectLayoutMismatch(qwertyAsAzerty(TD1))).toMatchObject({ kind: 'azerty-as-qwerty', fixed: TD1 });
    expect(detectLayoutMismatch(qwertyAsAzerty(BCBP))).toMatchObject({ kind: 'azerty-as-qwerty', fixed: BCBP });
  });

  it('repairs a numeric code by its signature', () => {
    const typed = qwertyAsAzerty('RVA2026000123');
    expect(typed).toBe('RVQéàé-ààà&é"');
    expect(detectLayoutMismatch(typed)).toEqual({ kind: 'azerty-as-qwerty', fixed: 'RVA2026000123', reason: 'signature' });
  });

  it('repairs a code whose digits came out as plain digit-row symbols', () => {
    expect(qwertyAsAzerty('YD1M6DJPF')).toBe('YD&?-DJPF');
    expect(detectLayoutMismatch('YD&?-DJPF')).toMatchObject({ kind: 'azerty-as-qwerty', fixed: 'YD1M6DJPF' });
  });

  it('does not touch codes that carry digits or spaces', () => {
    expect(detectLayoutMismatch('AB-12_CD')).toEqual({ kind: 'none' });
    expect(detectLayoutMismatch('PORTE (A) & B')).toEqual({ kind: 'none' });
  });

  it('reports ambiguity with the message key when it cannot be sure', () => {
    expect(detectLayoutMismatch('Société 12 é')).toEqual({ kind: 'ambiguous', messageKey: 'devices.layoutMismatch' });
    expect(detectLayoutMismatch(`AB${DEAD_KEY_PLACEHOLDER}CD1234`)).toEqual({
      kind: 'ambiguous',
      messageKey: 'devices.layoutMismatch',
    });
  });
});
