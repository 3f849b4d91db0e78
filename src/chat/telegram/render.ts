// A ChatReply as Telegram messages: HTML (escaped; titles bold) with a plain-text twin for when
// Telegram rejects the HTML, split under Telegram's 4096-character limit between blocks (one
// clause or quoted item each), inside a block only between lines, and inside a line only between
// sentences or words. Buttons go under the last message.
import type { Block, ChatReply } from '../replies.js';

/** Telegram's limit on a message's text after entity parsing (UTF-16 code units). */
export const TELEGRAM_TEXT_LIMIT = 4096;

export interface TelegramMessage {
  html: string;
  /** The same message without markup: sent when Telegram cannot parse the HTML. */
  plain: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Piece {
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

const htmlOf = (p: Piece) => (p.style === 'title' ? `<b>${escapeHtml(p.text)}</b>` : escapeHtml(p.text));

/** Splits and renders a reply; every message's visible text is at most `limit` characters. */
export function renderReply(reply: ChatReply, limit = TELEGRAM_TEXT_LIMIT): TelegramMessage[] {
  const pieces = reply.blocks.filter((b) => b.text.trim()).flatMap((b, i) => piecesOf(b, limit, i === 0 ? '' : '\n\n'));
  const messages: TelegramMessage[] = [];
  let html = '';
  let plain = '';
  for (const p of pieces) {
    if (plain && plain.length + p.sep.length + p.text.length > limit) {
      messages.push({ html, plain });
      html = '';
      plain = '';
    }
    const sep = plain ? p.sep : '';
    html += sep + htmlOf(p);
    plain += sep + p.text;
  }
  if (plain) messages.push({ html, plain });
  return messages;
}
