// The commands of the chats that have no platform account behind them (the terminal chat of
// `npm start`, the web page): the Telegram and Zalo commands that make sense there (help, a
// clause, the plans, the deadlines) do what they do in Telegram; those that need a chat account
// (subscriptions, feedback, admin) say where they live.
import type { Store } from '../store/repository.js';
import { COMMANDS, parseCommand } from './commands.js';
import { textReply, type ChatReply } from '../channels/replies.js';
import { clauseView, deadlinesView, docsView } from './views.js';

export type LocalChat = 'terminal' | 'web';

const HOW_TO = {
  terminal: 'Gõ câu hỏi rồi Enter; /quit để thoát. Type a question in Vietnamese or English and press Enter; /quit leaves.',
  web: 'Gõ câu hỏi vào ô bên dưới. Type a question in Vietnamese or English in the box below.',
};

/** What `/name …` does in a local chat; null when the text is not a command. */
export async function localCommand(store: Store, text: string, now: Date, where: LocalChat): Promise<ChatReply | null> {
  const cmd = parseCommand(text);
  if (!cmd) return null;
  if (!cmd.spec) return textReply(`planbot không có lệnh /${cmd.word}. Gõ /huongdan để xem các lệnh.\nThere is no command /${cmd.word}; /help lists them.`);
  switch (cmd.spec.name) {
    case 'help':
      return localHelp(store, where);
    case 'clause':
      return clauseView(store, cmd.args);
    case 'docs':
      return docsView(store);
    case 'deadlines':
      return deadlinesView(store, cmd.args, now);
    default:
      return textReply(`Lệnh /${cmd.word} dùng trong Telegram và Zalo (cần tài khoản chat để nhận nhắc hạn, góp ý hay quản trị). Ở đây, hãy hỏi trực tiếp hoặc gõ /huongdan.\n/${cmd.word} works in Telegram and Zalo, where planbot knows who you are; here, ask a question or type /help.`);
  }
}

const LOCAL = new Set(['help', 'clause', 'docs', 'deadlines']);

async function localHelp(store: Store, where: LocalChat): Promise<ChatReply> {
  const docs = await store.listDocuments();
  const menu = COMMANDS.filter((c) => LOCAL.has(c.name)).map((c) => `/${c.names[0]} (/${c.names[1]}) — ${c.description}`);
  return textReply(
    [
      `planbot trả lời câu hỏi về kế hoạch (${docs.length} kế hoạch: ${docs.map((d) => d.shortName).join(', ')}), trích dẫn đúng điều khoản; khi kế hoạch không nêu, planbot nói rõ là không nêu.`,
      HOW_TO[where],
      `Các lệnh / commands:\n${menu.join('\n')}`,
    ].join('\n\n'),
  );
}
