// The chat commands, each with its Vietnamese alias (Telegram allows only a–z, 0–9 and _ in a
// command, so aliases are written without diacritics), and how a message is read as one.

export type CommandName = 'help' | 'clause' | 'docs' | 'deadlines' | 'subscribe' | 'unsubscribe' | 'mysubs' | 'feedback' | 'reindex' | 'stats';

export interface CommandSpec {
  name: CommandName;
  /** The Vietnamese name first (shown in menus), then the other names. */
  names: string[];
  /** What it does, in Vietnamese, for the command menu (Telegram: 3–256 characters). */
  description: string;
  admin?: boolean;
}

export const COMMANDS: CommandSpec[] = [
  { name: 'help', names: ['huongdan', 'help', 'start'], description: 'planbot làm gì, cách hỏi, câu hỏi mẫu' },
  { name: 'clause', names: ['dieukhoan', 'clause'], description: 'xem một điều khoản: /dieukhoan hong-bang-2023-2024#III.1.1' },
  { name: 'docs', names: ['kehoach', 'docs'], description: 'danh sách các kế hoạch và các phần của từng kế hoạch' },
  { name: 'deadlines', names: ['hanchot', 'deadlines'], description: 'các hạn chót sắp tới: /hanchot [số ngày, mặc định 30]' },
  { name: 'subscribe', names: ['theodoi', 'subscribe'], description: 'nhận nhắc hạn: /theodoi <đơn vị | mã kế hoạch | tất cả>' },
  { name: 'unsubscribe', names: ['huytheodoi', 'unsubscribe'], description: 'thôi nhận nhắc hạn: /huytheodoi <…> hoặc tất cả' },
  { name: 'mysubs', names: ['mysubs', 'dangtheodoi'], description: 'những gì bạn đang theo dõi' },
  { name: 'feedback', names: ['gopy', 'feedback'], description: 'góp ý về câu trả lời vừa rồi: /gopy <nội dung>' },
  { name: 'reindex', names: ['reindex', 'lapchimuc'], description: 'lập lại chỉ mục từ thư mục kế hoạch (quản trị)', admin: true },
  { name: 'stats', names: ['stats', 'thongke'], description: 'thống kê câu hỏi, góp ý, người theo dõi (quản trị)', admin: true },
];

const BY_NAME = new Map(COMMANDS.flatMap((c) => c.names.map((n) => [n, c] as const)));

export interface ParsedCommand {
  /** null for a command planbot does not know. */
  spec: CommandSpec | null;
  /** The command word as written, without the slash and any @botname. */
  word: string;
  /** The rest of the message, trimmed. */
  args: string;
  /** The @botname the command was addressed to, if any ("/help@planbot_bot"). */
  addressee: string | null;
}

/** Reads "/name[@bot] args…"; null when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | null {
  const m = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  const word = m[1].toLowerCase();
  return { spec: BY_NAME.get(word) ?? null, word, args: (m[3] ?? '').trim(), addressee: m[2] ?? null };
}
