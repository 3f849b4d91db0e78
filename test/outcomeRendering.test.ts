// A non-answer is set apart from an answer on every channel: the chat core marks its first
// paragraph as a note; Telegram puts it in italics, Zalo (plain text) gives it a sign.
import { describe, expect, it } from 'vitest';
import { renderReply } from '../src/channels/telegram/render.js';
import { zaloMessages } from '../src/channels/zalo/render.js';
import { textReply, type ChatReply } from '../src/channels/replies.js';

function nonAnswer(outcome: 'unsure' | 'not_found', text: string): ChatReply {
  const r = textReply(text);
  r.outcome = outcome;
  r.blocks[0] = { ...r.blocks[0], style: 'note' };
  return r;
}

describe('non-answers on each channel', () => {
  const unsure = nonAnswer('unsure', 'Chưa chắc chắn: kế hoạch không nêu rõ điều này.\n• [1] Hồng Bàng, §III.1: “Tỷ lệ < 5%”\n\nNguồn:\n[1] Hồng Bàng, §III.1');
  const notFound = nonAnswer('not_found', 'Kế hoạch không nêu thông tin này.');

  it('Telegram: the note in italics (escaped), the passages as plain text', () => {
    const [m] = renderReply(unsure);
    expect(m.html.startsWith('<i>Chưa chắc chắn: kế hoạch không nêu rõ điều này.\n• [1] Hồng Bàng, §III.1: “Tỷ lệ &lt; 5%”</i>')).toBe(true);
    expect(m.plain.startsWith('Chưa chắc chắn')).toBe(true);
    expect(m.html).toContain('Nguồn:');
  });

  it('Zalo: a sign of its own for each kind of non-answer, an answer unmarked', () => {
    expect(zaloMessages(unsure)[0].startsWith('⚠️ Chưa chắc chắn')).toBe(true);
    expect(zaloMessages(notFound)[0].startsWith('ℹ️ Kế hoạch không nêu')).toBe(true);
    const answer = textReply('Theo Hồng Bàng: “dưới 1%” [1]');
    answer.outcome = 'answer';
    expect(zaloMessages(answer)[0].startsWith('Theo Hồng Bàng')).toBe(true);
  });
});
