// A ChatReply as Zalo text messages: Zalo has no buttons in customer-service text, so each button
// becomes a reply command the official can type back (`/clause hong-bang-2023-2024#III.1.1`),
// and the whole is split under Zalo's 2000-character limit between blocks, then lines.
import type { Button, ChatReply } from '../replies.js';
import { plainMessages } from '../split.js';

/** Zalo's limit on a text message; a little room is left for safety. */
export const ZALO_TEXT_LIMIT = 2000;

/** What to type instead of pressing the button, or null when the button has no typed form. */
export function replyCommand(b: Button): string | null {
  const a = b.action;
  switch (a.t) {
    case 'clause':
      return `/clause ${a.id}`;
    case 'ask':
      return a.q;
    case 'sub':
      return `/theodoi ${a.label}`;
    case 'help':
      return '/huongdan';
    case 'doc':
      return '/kehoach';
    case 'vote':
    case 'unsub':
      return null; // feedback is /gopy; unsubscribing by name is /huytheodoi <…>
  }
}

export function zaloMessages(reply: ChatReply, limit = ZALO_TEXT_LIMIT - 20): string[] {
  const commands = reply.buttons
    .flat()
    .map((b) => ({ b, cmd: replyCommand(b) }))
    .filter((x): x is { b: Button; cmd: string } => Boolean(x.cmd));
  // Zalo text has no markup: a non-answer's note is marked by a sign of its own.
  const blocks = reply.blocks.map((b) => (b.style === 'note' ? { text: `${reply.outcome === 'unsure' ? '⚠️' : 'ℹ️'} ${b.text}` } : b));
  if (commands.length) {
    const lines = commands.map(({ b, cmd }) => (b.action.t === 'clause' ? `${b.text.split(' ')[0]} ${cmd}` : `• ${cmd}`));
    const heading = commands.every((c) => c.b.action.t === 'clause') ? 'Mở điều khoản, gõ:' : 'Gõ một trong các dòng sau:';
    blocks.push({ text: `${heading}\n${lines.join('\n')}` });
  }
  if (reply.questionId !== undefined) blocks.push({ text: 'Góp ý về câu trả lời: /gopy <nội dung>' });
  return plainMessages(blocks, limit);
}
