// A ChatReply as Telegram messages: HTML (escaped; titles bold) with a plain-text twin for when
// Telegram rejects the HTML, split under Telegram's 4096-character limit (src/channels/split.ts).
// Buttons go under the last message.
import type { ChatReply } from '../replies.js';
import { joinPieces, splitBlocks, type Piece } from '../split.js';

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

const htmlOf = (p: Piece) => (p.style === 'title' ? `<b>${escapeHtml(p.text)}</b>` : p.style === 'note' ? `<i>${escapeHtml(p.text)}</i>` : escapeHtml(p.text));

/** Splits and renders a reply; every message's visible text is at most `limit` characters. */
export function renderReply(reply: ChatReply, limit = TELEGRAM_TEXT_LIMIT): TelegramMessage[] {
  return splitBlocks(reply.blocks, limit).map((m) => ({ html: joinPieces(m, htmlOf), plain: joinPieces(m) }));
}
