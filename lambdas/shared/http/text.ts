import type { ProblemFieldError } from './problem';

/**
 * Characters no field of this API may hold: C0 and C1 controls and DEL (NUL, ESC, newlines: no
 * field is free text where a line break makes sense), bidirectional overrides and isolates (which
 * make `evil‮txt.exe` read as `evilexe.txt`), line and paragraph separators, the byte order
 * mark, U+FFFD (what invalid UTF-8 becomes on its way through the gateway) and unpaired surrogates
 * (JSON's `\ud800`, which no UTF-8 text can hold).
 */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const pointerSegment = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** One error per string in a parsed JSON value that holds a forbidden character, with its JSON Pointer. */
export const textErrors = (value: unknown, pointer = ''): ProblemFieldError[] => {
  if (typeof value === 'string') {
    return FORBIDDEN.test(value) ? [{ path: pointer || '/', message: 'Control, bidirectional-override and replacement characters are not allowed' }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => textErrors(item, `${pointer}/${index}`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => textErrors(item, `${pointer}/${pointerSegment(key)}`));
  }
  return [];
};
