// The reminder planner: deadlines × subscriptions → outbox rows. Pure where it can be: `planRows`
// takes rows and returns the rows wanted; `planReminders` reads the store, diffs against what the
// outbox holds and writes the difference in one transaction, so planning twice writes nothing
// new and a crash mid-plan leaves the outbox as it was.
//
// Rules (issue 5): reminders at each offset before the due date's last day, at the reminder hour
// in Asia/Ho_Chi_Minh; when an offset's time has passed (the planner or the server was down, a
// deadline appeared on re-index) only the latest passed one is still sent, and only until the
// due day ends; a subscriber who subscribed after an offset's time gets not that reminder but one
// summary of what is already due; overdue items go into a Monday digest until their plan's
// school year ends. Programme periods only for subscriptions that ask for them.
import type { Deadline } from '../facts/index.js';
import { agencyKey, keyMatches } from '../facts/agencies.js';
import { SCHOOL_YEAR_LAST } from '../facts/vietnameseDates.js';
import type { ActiveSubscription } from '../store/chats.js';
import type { ClauseRow, DocumentRow, Store } from '../store/repository.js';
import { OutboxStore, type OutboxRow, type PlannedRow } from '../store/outbox.js';
import { reminderItem, unsubscribeHint, type ReminderContent, type ReminderItem } from './content.js';
import { addDays, iso, mondayOf, vnDate, vnInstant } from './time.js';

export interface ReminderSettings {
  /** Days before the due date, e.g. [30, 7, 1, 0] (0: on the day). */
  offsets: number[];
  /** Hour of the day in Asia/Ho_Chi_Minh at which reminders and digests go (0–23). */
  hour: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { offsets: [30, 7, 1, 0], hour: 8 };

type Dated = Deadline & { dueLast: string };

/** A summary is for a new subscriber: one the planner first sees later than this gets none. */
const SUMMARY_WINDOW_MS = 7 * 86_400_000;

export interface PlanInput {
  now: number;
  settings: ReminderSettings;
  subscriptions: ActiveSubscription[];
  deadlines: Deadline[];
  documents: DocumentRow[];
  clauses: Map<string, ClauseRow>;
  /** Keys of summaries and digests already in the outbox (they are written once). */
  written: Set<string>;
}

const chatKey = (platform: string, chatId: string) => `${platform}:${chatId}`;
export const reminderKey = (platform: string, chatId: string, deadlineId: string, dueLast: string, offset: number) =>
  `${chatKey(platform, chatId)}|reminder|${deadlineId}|${dueLast}|-${offset}d`;
export const summaryKey = (subscriptionId: number) => `subscription:${subscriptionId}|summary`;
export const digestKey = (platform: string, chatId: string, monday: string) => `${chatKey(platform, chatId)}|digest|${monday}`;

/** agencyKey of each agency subscription's target, computed once (it is the costly part of matching). */
const targetKeys = new WeakMap<ActiveSubscription, string>();

function covers(s: ActiveSubscription, d: Deadline): boolean {
  if (!d.dueLast) return false;
  if (d.kind === 'programme_period' && !s.includeProgrammes) return false;
  if (s.kind === 'all') return true;
  if (s.kind === 'doc') return d.docId === s.target;
  let q = targetKeys.get(s);
  if (q === undefined) targetKeys.set(s, (q = agencyKey(s.target)));
  return d.responsibleKeys.some((k) => keyMatches(q, k)); // as agencyMatches(target, keys), aliases included
}

/** The last day of the plan's school year (31/5 of its second year), or null when the plan names none. */
function schoolYearEnd(doc: DocumentRow | undefined): string | null {
  return doc?.yearEnd ? `${doc.yearEnd}-${SCHOOL_YEAR_LAST}` : null;
}

/** The rows the plan wants, given everything it depends on. Pure. */
export function planRows(input: PlanInput): PlannedRow[] {
  const { now, settings } = input;
  const offsets = [...new Set(settings.offsets)].sort((a, b) => b - a);
  const docs = new Map(input.documents.map((d) => [d.docId, d]));
  const items = new Map<string, ReminderItem>();
  const itemOf = (d: Dated) => {
    let it = items.get(d.id);
    if (!it) items.set(d.id, (it = reminderItem(d, input.clauses.get(d.clauseId), docs.get(d.docId))));
    return it;
  };
  const today = vnDate(now);
  const fireAt = (d: Dated, offset: number) => vnInstant(addDays(d.dueLast, -offset), settings.hour);
  const dueEnds = (d: Dated) => vnInstant(addDays(d.dueLast, 1), 0);
  const out: PlannedRow[] = [];

  // one chat may hold several subscriptions that cover the same deadline: one reminder each
  const byChat = new Map<string, ActiveSubscription[]>();
  for (const s of input.subscriptions) {
    const k = chatKey(s.platform, s.chatId);
    byChat.set(k, [...(byChat.get(k) ?? []), s]);
  }

  for (const subs of byChat.values()) {
    const { platform, chatId } = subs[0];
    const covered = new Map<string, { d: Dated; since: number; sub: ActiveSubscription }>();
    for (const s of subs) {
      const since = Date.parse(s.createdAt);
      for (const d of input.deadlines) {
        if (!covers(s, d)) continue;
        const prev = covered.get(d.id);
        if (!prev || since < prev.since) covered.set(d.id, { d: d as Dated, since, sub: s });
      }
    }
    const caughtUp = new Set<string>();
    for (const { d, since, sub } of covered.values()) {
      if (now >= dueEnds(d)) continue;
      const passed = offsets.filter((o) => fireAt(d, o) <= now);
      const latestPassed = passed.length ? passed[passed.length - 1] : null;
      for (const o of offsets) {
        const at = fireAt(d, o);
        const wanted = at > now || (o === latestPassed && at >= since);
        if (!wanted) continue;
        if (at <= now) caughtUp.add(d.id);
        const content: ReminderContent = { type: 'reminder', offsetDays: o, item: itemOf(d), unsubscribe: unsubscribeHint(sub) };
        out.push({
          key: reminderKey(platform, chatId, d.id, d.dueLast, o),
          platform, chatId, kind: 'reminder', deadlineId: d.id, docId: d.docId, offsetDays: o, dueLast: d.dueLast,
          sendAt: iso(at), payload: JSON.stringify(content),
        });
      }
    }

    // a late subscriber: one summary of what was already due when they subscribed
    for (const s of subs) {
      const key = summaryKey(s.id);
      if (input.written.has(key)) continue;
      const since = Date.parse(s.createdAt);
      if (now - since > SUMMARY_WINDOW_MS) continue;
      const list = [...covered.values()]
        .filter(({ d, sub }) => {
          if (sub.id !== s.id || caughtUp.has(d.id)) return false;
          if (now < dueEnds(d)) return fireAt(d, offsets[0]) < since; // inside its reminder window already
          const end = schoolYearEnd(docs.get(d.docId));
          return dueEnds(d) <= since && end !== null && today <= end; // overdue when they subscribed, school year still running
        })
        .map(({ d }) => itemOf(d));
      if (list.length === 0) continue;
      const content: ReminderContent = { type: 'summary', label: s.label, items: list, unsubscribe: unsubscribeHint(s) };
      out.push({ key, platform, chatId, kind: 'summary', deadlineId: null, docId: null, offsetDays: null, dueLast: null, sendAt: iso(now), payload: JSON.stringify(content) });
    }

    // Monday's digest of what is overdue, once that Monday's reminder hour has come
    const monday = mondayOf(today);
    const digestAt = vnInstant(monday, settings.hour);
    const dkey = digestKey(platform, chatId, monday);
    if (now >= digestAt && !input.written.has(dkey)) {
      const overdue = [...covered.values()].filter(({ d }) => {
        const end = schoolYearEnd(docs.get(d.docId));
        return d.dueLast < monday && end !== null && monday <= end;
      });
      if (overdue.length) {
        const content: ReminderContent = { type: 'digest', week: monday, items: overdue.map(({ d }) => itemOf(d)), unsubscribe: unsubscribeHint(subs[0]) };
        out.push({ key: dkey, platform, chatId, kind: 'digest', deadlineId: null, docId: null, offsetDays: null, dueLast: null, sendAt: iso(digestAt), payload: JSON.stringify(content) });
      }
    }
  }
  return out;
}

export interface PlanChange {
  action: 'create' | 'move' | 'update' | 'revive' | 'cancel';
  key: string;
  kind: PlannedRow['kind'];
  chat: string;
  sendAt: string;
  detail?: string;
}

export interface PlanReport {
  at: string;
  created: number;
  moved: number;
  updated: number;
  revived: number;
  cancelled: number;
  changes: PlanChange[];
}

/** The difference between the rows wanted and the outbox's mutable reminders. Pure. */
export function diffPlan(wanted: PlannedRow[], mutable: OutboxRow[], existing: Set<string>, liveDeadlines: Set<string>, coveredPairs: Set<string>) {
  const byKey = new Map(mutable.map((r) => [r.key, r]));
  const slot = (r: { platform: string; chatId: string; deadlineId: string | null; offsetDays: number | null }) => `${r.platform}:${r.chatId}|${r.deadlineId}|${r.offsetDays}`;
  const pendingBySlot = new Map<string, OutboxRow>();
  for (const r of mutable) if (r.status !== 'cancelled') pendingBySlot.set(slot(r), r);
  const used = new Set<number>();
  const ops: { op: 'insert' | 'replan'; row: PlannedRow; id?: number; event?: 'moved' | 'updated' | 'revived'; detail?: string }[] = [];
  for (const w of wanted) {
    const same = byKey.get(w.key);
    if (same) {
      used.add(same.id);
      if (same.status === 'cancelled') ops.push({ op: 'replan', row: w, id: same.id, event: 'revived', detail: 'wanted again' });
      else if (same.sendAt !== w.sendAt || same.payload !== w.payload) ops.push({ op: 'replan', row: w, id: same.id, event: 'updated', detail: 'wording or time changed' });
      continue;
    }
    if (existing.has(w.key)) continue; // sent, failed, stopped or in flight: never touched again
    const moved = w.kind === 'reminder' ? pendingBySlot.get(slot(w)) : undefined;
    if (moved && !used.has(moved.id)) {
      used.add(moved.id);
      ops.push({ op: 'replan', row: w, id: moved.id, event: 'moved', detail: `due ${moved.dueLast} → ${w.dueLast}` });
    } else ops.push({ op: 'insert', row: w });
  }
  const cancels: { row: OutboxRow; reason: string }[] = [];
  for (const r of mutable) {
    if (r.status === 'cancelled' || used.has(r.id)) continue;
    const reason = !liveDeadlines.has(r.deadlineId ?? '')
      ? 'the deadline is no longer in the plan'
      : !coveredPairs.has(`${r.platform}:${r.chatId}|${r.deadlineId}`)
        ? 'no subscription of this chat covers it any more'
        : 'its time has passed (a later reminder of the same deadline replaces it)';
    cancels.push({ row: r, reason });
  }
  return { ops, cancels };
}

/** Plans at `now`: reads subscriptions, deadlines and the outbox, writes the difference (unless dryRun). */
export async function planReminders(store: Store, outbox: OutboxStore, now: number, settings: ReminderSettings, opts: { dryRun?: boolean } = {}): Promise<PlanReport> {
  const subscriptions = await store.chats.activeSubscriptions();
  const deadlines = await store.facts.listDeadlines();
  const documents = await store.listDocuments();
  const clauses = await store.getClauses([...new Set(deadlines.map((d) => d.clauseId))]);
  const onceKeys = subscriptions.map((s) => summaryKey(s.id));
  const monday = mondayOf(vnDate(now));
  for (const s of subscriptions) onceKeys.push(digestKey(s.platform, s.chatId, monday));
  const written = await outbox.existingKeys(onceKeys);
  const wanted = planRows({ now, settings, subscriptions, deadlines, documents, clauses, written });

  const coveredPairs = new Set<string>();
  for (const s of subscriptions) for (const d of deadlines) if (covers(s, d)) coveredPairs.add(`${s.platform}:${s.chatId}|${d.id}`);
  const at = iso(now);
  const report: PlanReport = { at, created: 0, moved: 0, updated: 0, revived: 0, cancelled: 0, changes: [] };

  const apply = async () => {
    const mutable = await outbox.mutableReminders();
    const existing = await outbox.existingKeys(wanted.map((w) => w.key));
    const { ops, cancels } = diffPlan(wanted, mutable, existing, new Set(deadlines.map((d) => d.id)), coveredPairs);
    for (const o of ops) {
      const chat = `${o.row.platform}:${o.row.chatId}`;
      if (o.op === 'insert') {
        if (!opts.dryRun) await outbox.insert(o.row, at);
        report.created++;
        report.changes.push({ action: 'create', key: o.row.key, kind: o.row.kind, chat, sendAt: o.row.sendAt });
      } else {
        if (!opts.dryRun) await outbox.replan(o.id!, o.row, at, o.event!, o.detail!);
        const action = o.event === 'moved' ? 'move' : o.event === 'revived' ? 'revive' : 'update';
        report[o.event === 'moved' ? 'moved' : o.event === 'revived' ? 'revived' : 'updated']++;
        report.changes.push({ action, key: o.row.key, kind: o.row.kind, chat, sendAt: o.row.sendAt, detail: o.detail });
      }
    }
    // a summary or digest not yet sent, for a subscription or chat that is gone, is not sent
    const liveSubs = new Set(subscriptions.map((s) => summaryKey(s.id)));
    const liveChats = new Set(subscriptions.map((s) => `${s.platform}:${s.chatId}`));
    for (const kind of ['summary', 'digest'] as const) {
      for (const r of await outbox.list({ status: 'pending', kind })) {
        const gone = kind === 'summary' ? !liveSubs.has(r.key) : !liveChats.has(`${r.platform}:${r.chatId}`);
        if (gone) cancels.push({ row: r, reason: kind === 'summary' ? 'the subscription was removed' : 'no subscription of this chat is left' });
      }
    }
    for (const c of cancels) {
      if (!opts.dryRun) await outbox.cancel(c.row.id, c.reason, at);
      report.cancelled++;
      report.changes.push({ action: 'cancel', key: c.row.key, kind: c.row.kind, chat: `${c.row.platform}:${c.row.chatId}`, sendAt: c.row.sendAt, detail: c.reason });
    }
  };
  if (opts.dryRun) await apply();
  else await outbox.tx(apply);
  return report;
}
