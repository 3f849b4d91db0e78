// What a reminder says, as data: built by the planner when it writes an outbox row and kept in
// the row, so that the sender (and a later restart) sends exactly what was planned. Rendering to
// a platform's format is render.ts's job.
import type { Deadline } from '../facts/index.js';
import { formatDueVi } from '../facts/index.js';
import type { ClauseRow, DocumentRow } from '../store/repository.js';
import type { Subscription } from '../store/chats.js';

export interface ReminderItem {
  deadlineId: string;
  docId: string;
  clauseId: string;
  task: string;
  /** Last day of the due period, YYYY-MM-DD: what reminders count to. */
  dueLast: string;
  /** The due date at the precision the plan gives, in Vietnamese ("năm 2023", "quý IV/2023"), or null when it is a day. */
  dueText: string | null;
  responsible: string | null;
  citation: { doc: string; section: string; heading: string; quote: string };
}

/** How the person stops these reminders: the command and the subscription it removes. */
export interface UnsubscribeHint {
  subscriptionId: number;
  command: string;
}

export type ReminderContent =
  | { type: 'reminder'; offsetDays: number; item: ReminderItem; unsubscribe: UnsubscribeHint }
  /** Once, to a new subscriber: what is already due or inside its reminder window. */
  | { type: 'summary'; label: string; items: ReminderItem[]; unsubscribe: UnsubscribeHint }
  /** Monday's list of what is overdue (until its plan's school year ends). */
  | { type: 'digest'; week: string; items: ReminderItem[]; unsubscribe: UnsubscribeHint };

const MAX_QUOTE = 500;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);

export function reminderItem(d: Deadline & { dueLast: string }, clause: ClauseRow | undefined, doc: DocumentRow | undefined): ReminderItem {
  const path = clause?.path ?? d.clauseId.split('#')[1] ?? '';
  return {
    deadlineId: d.id,
    docId: d.docId,
    clauseId: d.clauseId,
    task: d.task,
    dueLast: d.dueLast,
    dueText: d.precision && d.precision !== 'day' ? formatDueVi(d.due, d.precision) : null,
    responsible: d.responsible,
    citation: { doc: doc?.shortName ?? d.docId, section: `§${path}`, heading: clause?.heading ?? '', quote: clip(d.quote, MAX_QUOTE) },
  };
}

/** `/unsubscribe <what>` as the chat commands accept it: a plan id, an agency as the person wrote it, or `all`. */
export function unsubscribeHint(s: Pick<Subscription, 'id' | 'kind' | 'target' | 'label'>): UnsubscribeHint {
  const what = s.kind === 'doc' ? s.target : s.kind === 'agency' ? s.label || s.target : 'all';
  return { subscriptionId: s.id, command: `/unsubscribe ${what}` };
}
