// The platform-neutral shape of what planbot says in a chat. The core builds it; each adapter
// renders it (Telegram HTML and inline keyboards, Zalo messages, the web page).
import type { Citation, Outcome } from '../answer/compose.js';
import type { CallbackPayload } from './callbacks.js';

export interface Button {
  /** Short label shown on the button. */
  text: string;
  action: CallbackPayload;
}

export interface Block {
  /** Plain text (adapters escape it for their markup). */
  text: string;
  /**
   * A title is shown emphasised where the platform can. A note says the reply is not an answer
   * ("not sure: the closest passages…", "the plans do not say"): shown apart from an answer's text.
   */
  style?: 'title' | 'note';
}

export interface ChatReply {
  /**
   * The reply, in blocks: one clause, one quoted item, one list. An adapter that must split a
   * long reply splits between blocks, and inside a block only between lines.
   */
  blocks: Block[];
  citations: Citation[];
  /** Rows of buttons, shown under the (last part of the) reply. */
  buttons: Button[][];
  /** The logged question this reply answers (its feedback buttons refer to it). */
  questionId?: number;
  /** For an answer to a question: answer, unsure or not_found. */
  outcome?: Outcome;
}

export interface ChatResponse {
  replies: ChatReply[];
  /** A short acknowledgement for a pressed button (Telegram shows it as a toast). */
  notice?: string;
  /** Replies to send when long work started by this input ends (a scan's OCR): the adapter sends them then. */
  later?: Promise<ChatReply[]>;
}

/** A reply from plain text: blocks are its paragraphs (split at blank lines). */
export function textReply(text: string, opts: { title?: string; buttons?: Button[][]; citations?: Citation[] } = {}): ChatReply {
  const blocks: Block[] = opts.title ? [{ text: opts.title, style: 'title' }] : [];
  for (const p of text.split(/\n{2,}/)) if (p.trim()) blocks.push({ text: p.replace(/\s+$/, '') });
  return { blocks, citations: opts.citations ?? [], buttons: opts.buttons ?? [] };
}

/** The whole reply as plain text, blocks separated by a blank line. */
export function replyText(r: ChatReply): string {
  return r.blocks.map((b) => b.text).join('\n\n');
}

/** Shortens a button label to `max` characters, with an ellipsis. */
export function label(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** Lays buttons out `perRow` to a row. */
export function rows(buttons: Button[], perRow: number): Button[][] {
  const out: Button[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}
