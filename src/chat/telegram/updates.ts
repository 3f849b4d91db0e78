// A Telegram update → the chat core's input, or a reason to ignore it. Group rules: in a group
// planbot answers commands (its own, or addressed to no bot in particular), messages that mention
// it, and replies to its messages; it ignores the rest of the conversation.
import { parseCommand } from '../commands.js';
import type { ChatInput } from '../core.js';

/** The parts of Telegram's Update and Message that planbot reads. */
interface TgUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
}
interface TgEntity {
  type: string;
  offset: number;
  length: number;
  user?: TgUser;
}
interface TgMessage {
  message_id: number;
  chat: { id: number; type: string; title?: string };
  from?: TgUser;
  text?: string;
  caption?: string;
  entities?: TgEntity[];
  caption_entities?: TgEntity[];
  reply_to_message?: { from?: TgUser };
  document?: { file_id: string; file_name?: string; file_size?: number };
  sticker?: unknown;
  photo?: unknown;
  voice?: unknown;
  audio?: unknown;
  video?: unknown;
  video_note?: unknown;
  animation?: unknown;
}
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: { id: string; from: TgUser; data?: string; message?: { message_id: number; chat: { id: number; type: string } } };
  my_chat_member?: { chat: { id: number; type: string }; new_chat_member: { status: string } };
}

export interface BotIdentity {
  id: number;
  username: string;
}

export type Incoming =
  | { kind: 'input'; input: ChatInput; messageId: number }
  /** A file sent to the bot: the adapter adds how to download it. */
  | { kind: 'document'; input: ChatInput; messageId: number; file: { fileId: string; fileName: string; size?: number } }
  | { kind: 'callback'; input: ChatInput; queryId: string }
  | { kind: 'blocked'; chatId: string; reason: string }
  | { kind: 'ignore'; why: string };

const PLATFORM = 'telegram';

function who(u: TgUser | undefined): { userId: string; userName: string | null } {
  if (!u) return { userId: '', userName: null };
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || u.username || null;
  return { userId: String(u.id), userName: name };
}

const chatTypeOf = (type: string) => (type === 'private' ? 'private' : 'group');

/** Removes mentions of the bot from a text; `mentioned` says whether there was one. */
export function stripMention(text: string, entities: TgEntity[] | undefined, bot: BotIdentity): { text: string; mentioned: boolean } {
  const handle = `@${bot.username}`.toLowerCase();
  const spans = (entities ?? [])
    .filter((e) => (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) || (e.type === 'text_mention' && e.user?.id === bot.id))
    .sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of spans) out = `${out.slice(0, e.offset)} ${out.slice(e.offset + e.length)}`;
  // Clients that send no entities: the handle as a word.
  const re = new RegExp(`(^|\\s)@${bot.username}\\b`, 'gi');
  const mentioned = spans.length > 0 || re.test(out);
  out = out.replace(re, ' ');
  return { text: out.replace(/[ \t]+/g, ' ').replace(/^[\s,:]+/, '').trim(), mentioned };
}

const MEDIA_KEYS = ['sticker', 'photo', 'voice', 'audio', 'video', 'video_note', 'animation'] as const;

function mediaOf(m: TgMessage): ChatInput['media'] | null {
  for (const k of MEDIA_KEYS) {
    if (m[k] !== undefined) return k === 'video_note' || k === 'animation' ? 'video' : k;
  }
  return null;
}

export function readUpdate(u: TgUpdate, bot: BotIdentity): Incoming {
  if (u.callback_query) {
    const q = u.callback_query;
    const chat = q.message?.chat ?? { id: q.from.id, type: 'private' };
    return {
      kind: 'callback',
      queryId: q.id,
      input: { platform: PLATFORM, chatId: String(chat.id), chatType: chatTypeOf(chat.type), ...who(q.from), callback: q.data ?? '' },
    };
  }
  if (u.my_chat_member) {
    const status = u.my_chat_member.new_chat_member.status;
    if (status === 'kicked' || status === 'left') return { kind: 'blocked', chatId: String(u.my_chat_member.chat.id), reason: `my_chat_member: ${status}` };
    return { kind: 'ignore', why: `my_chat_member ${status}` };
  }
  const m = u.message;
  if (!m) return { kind: 'ignore', why: 'not a message' };
  if (m.chat.type === 'channel') return { kind: 'ignore', why: 'channel post' };
  if (m.from?.is_bot) return { kind: 'ignore', why: 'from a bot' };
  const chatType = chatTypeOf(m.chat.type);
  const base = { platform: PLATFORM, chatId: String(m.chat.id), chatType, ...who(m.from) } as const;
  const repliesToBot = m.reply_to_message?.from?.id === bot.id;
  const raw = m.text ?? m.caption ?? '';
  const { text, mentioned } = stripMention(raw, m.text !== undefined ? m.entities : m.caption_entities, bot);
  const addressed = chatType === 'private' || mentioned || repliesToBot;

  const cmd = m.text !== undefined ? parseCommand(raw) : null;
  if (cmd) {
    if (cmd.addressee && cmd.addressee.toLowerCase() !== bot.username.toLowerCase()) return { kind: 'ignore', why: `command for @${cmd.addressee}` };
    const clean = `/${cmd.word}${cmd.args ? ` ${cmd.args}` : ''}`;
    return { kind: 'input', messageId: m.message_id, input: { ...base, text: clean } };
  }
  if (!addressed) return { kind: 'ignore', why: 'group message not addressed to the bot' };
  if (m.document) {
    return { kind: 'document', messageId: m.message_id, input: base, file: { fileId: m.document.file_id, fileName: m.document.file_name ?? 'document', size: m.document.file_size } };
  }
  const media = mediaOf(m);
  if (media && !text) return { kind: 'input', messageId: m.message_id, input: { ...base, media } };
  if (!text && mentioned) return { kind: 'input', messageId: m.message_id, input: { ...base, text: '/huongdan' } }; // "@planbot" alone: say what it does
  if (!text) return { kind: 'ignore', why: 'no text' };
  return { kind: 'input', messageId: m.message_id, input: { ...base, text } };
}
