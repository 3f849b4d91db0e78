// A reminder in words, for any platform: Vietnamese text with the task, the due date as
// dd/mm/yyyy, the responsible agency, the citation and the /unsubscribe footer, plus the clauses
// to offer as buttons. Telegram renders HTML and turns `clauses` into inline buttons; a platform
// without buttons gets `/clause <id>` reply commands in the text instead.
import type { ReminderContent, ReminderItem } from './content.js';
import { daysBetween, formatViDate } from './time.js';

export type RenderStyle = 'html' | 'plain';

export interface RenderedReminder {
  text: string;
  /** Clauses to open, in the order cited: [label, clause id]. */
  clauses: { label: string; clauseId: string }[];
}

/** Items a summary or digest lists before it says how many more there are (a message holds 4096 characters). */
export const MAX_LISTED = 10;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

function due(item: ReminderItem): string {
  const day = formatViDate(item.dueLast);
  return item.dueText ? `${day} (${item.dueText})` : day;
}

function when(item: ReminderItem, today: string): string {
  const left = daysBetween(today, item.dueLast);
  if (left > 1) return `còn ${left} ngày`;
  if (left === 1) return 'còn 1 ngày (hạn là ngày mai)';
  if (left === 0) return 'hạn là hôm nay';
  return `đã quá hạn ${-left} ngày`;
}

export function renderReminder(content: ReminderContent, opts: { today: string; resend?: boolean; style: RenderStyle; buttons: boolean }): RenderedReminder {
  const h = opts.style === 'html';
  const e = (s: string) => (h ? escapeHtml(s) : s);
  const b = (s: string) => (h ? `<b>${escapeHtml(s)}</b>` : s);
  const i = (s: string) => (h ? `<i>${escapeHtml(s)}</i>` : s);
  const lines: string[] = [];
  const clauses: RenderedReminder['clauses'] = [];
  const cite = (item: ReminderItem) => `${item.citation.doc}, ${item.citation.section}${item.citation.heading ? ` ${item.citation.heading}` : ''}`;
  const openLine = (item: ReminderItem, label: string) => {
    clauses.push({ label, clauseId: item.clauseId });
    if (!opts.buttons) lines.push(`${e(label)}: /clause ${e(item.clauseId)}`);
  };
  if (opts.resend) lines.push(i('(Gửi lại sau một lần gián đoạn; nếu đã nhận tin này, xin bỏ qua.)'), '');

  if (content.type === 'reminder') {
    const item = content.item;
    lines.push(`⏰ ${b(`Nhắc hạn: ${when(item, opts.today)}`)}`);
    lines.push(`${b('Việc:')} ${e(clip(item.task, 600))}`);
    lines.push(`${b('Hạn:')} ${e(due(item))}`);
    lines.push(`${b('Đơn vị:')} ${e(item.responsible ?? 'kế hoạch không nêu đơn vị')}`);
    lines.push(`${b('Nguồn:')} ${e(cite(item))}`);
    lines.push(h ? `<blockquote>${escapeHtml(item.citation.quote)}</blockquote>` : `“${item.citation.quote}”`);
    openLine(item, `Xem ${item.citation.section}`);
  } else {
    const title =
      content.type === 'summary'
        ? `Việc đã đến hạn hoặc sắp đến hạn (${content.label}): ${content.items.length}`
        : `Việc đã quá hạn, tuần ${formatViDate(content.week)}: ${content.items.length}`;
    lines.push(`${content.type === 'summary' ? '📋' : '📌'} ${b(title)}`);
    content.items.slice(0, MAX_LISTED).forEach((item, n) => {
      lines.push('');
      lines.push(`${n + 1}. ${e(clip(item.task, 200))}`);
      lines.push(`   ${b('Hạn:')} ${e(due(item))}, ${e(when(item, opts.today))}; ${b('Đơn vị:')} ${e(item.responsible ?? 'không nêu')}`);
      lines.push(`   ${b('Nguồn:')} ${e(cite(item))}`);
      openLine(item, `${n + 1}. ${item.citation.section}`);
    });
    const more = content.items.length - MAX_LISTED;
    if (more > 0) lines.push('', e(`… và ${more} việc khác: /deadlines`));
  }
  lines.push('', i(`Ngừng nhận nhắc: ${content.unsubscribe.command}`));
  return { text: lines.join('\n'), clauses };
}
