// Splitting a reply for platforms that limit a message's length (Telegram 4096, Zalo 2000):
// between blocks (one clause or quoted item each), inside a block only between lines, and
// inside a line only between sentences or words. Pure; each adapter marks the pieces up.
import type { Block } from './replies.js';

export interface Piece {
  text: string;
  style?: Block['style'];
  /** Separator before this piece when it follows another in the same message. */
  sep: string;
}

/** Cuts text longer than `limit` at the last sentence end, else the last space, else hard. */
function cutLine(line: string, limit: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let at = Math.max(window.lastIndexOf('. '), window.lastIndexOf('; '), window.lastIndexOf('? '), window.lastIndexOf('! '));
    if (at > limit / 2) at += 1;
    else at = window.lastIndexOf(' ');
    if (at <= limit / 4) at = limit;
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/** The pieces of a block, each at most `limit` long: the whole block, else its lines (long lines cut). */
function piecesOf(block: Block, limit: number, sep: string): Piece[] {
  if (block.text.length <= limit) return [{ text: block.text, style: block.style, sep }];
  const out: Piece[] = [];
  for (const line of block.text.split('\n')) {
    for (const part of cutLine(line, limit)) out.push({ text: part, style: block.style, sep: out.length ? '\n' : sep });
  }
  return out;
}

/** The blocks as messages, each a list of pieces whose plain text is at most `limit` characters. */
export function splitBlocks(blocks: Block[], limit: number): Piece[][] {
  const pieces = blocks.filter((b) => b.text.trim()).flatMap((b, i) => piecesOf(b, limit, i === 0 ? '' : '\n\n'));
  const messages: Piece[][] = [];
  let current: Piece[] = [];
  let length = 0;
  for (const p of pieces) {
    if (current.length && length + p.sep.length + p.text.length > limit) {
      messages.push(current);
      current = [];
      length = 0;
    }
    length += (current.length ? p.sep.length : 0) + p.text.length;
    current.push(p);
  }
  if (current.length) messages.push(current);
  return messages;
}

/** A message's pieces joined, each marked up by `mark` (plain text by default). */
export function joinPieces(message: Piece[], mark: (p: Piece) => string = (p) => p.text): string {
  return message.map((p, i) => (i ? p.sep : '') + mark(p)).join('');
}

/** A reply's blocks as plain-text messages of at most `limit` characters. */
export function plainMessages(blocks: Block[], limit: number): string[] {
  return splitBlocks(blocks, limit).map((m) => joinPieces(m));
}
