// Plain-text plans (.txt, .md): bytes → text. UTF-8 (with or without BOM), UTF-16 with a BOM,
// and the legacy Vietnamese TCVN3 and VNI encodings; anything else is refused with a reason.
import path from 'node:path';
import { DocumentError } from '../types.js';
import { guessLegacy, type LegacyEncoding } from './legacyVietnamese.js';
import { charKind, isSurrogate, LETTER, SPACE } from '../letters.js';

export interface DecodedText {
  text: string;
  /** How the bytes were read. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;
}

/** Vietnamese letters outside Latin-1 (legacy text has none): a text with many of them is Unicode Vietnamese. */
const VIETNAMESE_ONLY = /[ăđĩũơưĂĐĨŨƠƯ\u1EA0-\u1EF9]/gu;

export function decodePlainText(file: string, bytes: Buffer): DecodedText {
  const name = path.basename(file);
  let text: string;
  let encoding: DecodedText['encoding'];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) [text, encoding] = [new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le'];
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) [text, encoding] = [new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be'];
  else {
    try {
      [text, encoding] = [new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'utf-8'];
    } catch {
      // Not UTF-8: a legacy 8-bit file. Each byte read as the Latin-1 character of the same code.
      const guess = guessLegacy(bytes.toString('latin1'));
      if (!guess.encoding) {
        throw new DocumentError(file, `${name} is not valid UTF-8 text, and not TCVN3 (ABC) or VNI either; save it as Unicode (UTF-8)`);
      }
      [text, encoding] = [guess.text, guess.encoding];
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (encoding.startsWith('utf')) {
    const repaired = repairLegacyText(text);
    if (repaired.encoding) [text, encoding] = [repaired.text, repaired.encoding];
  }
  checkPlanText(file, text);
  return { text, encoding };
}

/**
 * Text typed in a legacy font (.VnTime, VNI-Times) keeps its Latin-1 stand-ins when it is
 * saved as Unicode, pasted, or printed to PDF ("KÕ HO¹CH"): converted when it reads as TCVN3
 * or VNI. Text with many Vietnamese letters of its own is Unicode already and left alone.
 */
export function repairLegacyText(text: string): { text: string; encoding: LegacyEncoding | null } {
  if (atLeast(VIETNAMESE_ONLY, text, 20)) return { text, encoding: null };
  const guess = guessLegacy(text);
  return { text: guess.text, encoding: guess.encoding };
}

/** Does the global `re` match `text` at least n times? (Counted up to n, not collected.) */
function atLeast(re: RegExp, text: string, n: number): boolean {
  re.lastIndex = 0;
  let found = 0;
  while (found < n && re.exec(text)) found++;
  re.lastIndex = 0;
  return found >= n;
}

/** Letters (code points) of a text and its characters other than /\s/, by table (letters.ts). */
function countLetters(text: string): { letters: number; nonSpace: number } {
  let letters = 0;
  let spaces = 0;
  let beyond = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSurrogate(c)) beyond = true;
    else {
      const k = charKind(c);
      if (k & LETTER) letters++;
      if (k & SPACE) spaces++;
    }
  }
  if (beyond) letters = (text.match(/\p{L}/gu) ?? []).length; // letters beyond the BMP take two units
  return { letters, nonSpace: text.length - spaces };
}

/** Refuses text that is empty, binary or garbled, whatever format it came from. */
export function checkPlanText(file: string, text: string): void {
  const name = path.basename(file);
  if (text.trim().length === 0) throw new DocumentError(file, `${name} is empty`);
  const { letters, nonSpace } = countLetters(text);
  const controls = (text.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g) ?? []).length;
  if (controls > 0.01 * text.length || letters < 0.4 * nonSpace) {
    throw new DocumentError(file, `${name} looks garbled or binary, not plan text`);
  }
  if (letters < 50) throw new DocumentError(file, `${name} is too short to be a plan (${letters} letters)`);
}
