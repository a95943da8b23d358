/** ICAO Doc 9303 Part 3 check digit: weights 7, 3, 1; A-Z = 10-35; filler and others = 0. */
export function mrzCharValue(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return 0;
}

const WEIGHTS = [7, 3, 1] as const;

/** The check digit (0-9) of a string of MRZ characters. */
export function computeCheckDigit(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i += 1) {
    sum += mrzCharValue(text.charAt(i)) * (WEIGHTS[i % 3] as number);
  }
  return sum % 10;
}
