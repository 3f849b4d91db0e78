// /theodoi, /huytheodoi, /mysubs: what a chat follows for deadline reminders, stored in SQLite
// (store.chats). A target is an agency (by agencyKey, as the plans' facts store it), a plan (its
// document id) or everything. A name that matches several agencies is answered with a choice.
import type { Store } from '../store/repository.js';
import type { ChatRef, Subscription, SubscriptionTarget } from '../store/chats.js';
import { agencyKey } from '../facts/index.js';
import { keyMatches } from '../facts/agencies.js';
import { foldForMatch } from '../corpus/fold.js';
import { label, textReply, type ChatReply } from '../channels/replies.js';

const ALL_WORDS = new Set(['all', 'tat ca', 'toan bo', 'het']);
const MAX_CHOICES = 10;

const isAll = (text: string) => ALL_WORDS.has(foldForMatch(text));

export interface AgencyCandidate {
  key: string;
  /** The name as a plan writes it. */
  name: string;
}

/** Every agency the plans name (responsible for something, or for a dated task), once per key. */
export async function agencyCandidates(store: Store): Promise<AgencyCandidate[]> {
  const byKey = new Map<string, string>();
  const add = (key: string, name: string) => {
    if (key && name && !byKey.has(key)) byKey.set(key, name);
  };
  for (const a of await store.facts.listAgencies()) {
    add(a.agencyKey, a.agency);
    for (const m of a.members) add(agencyKey(m), m);
  }
  for (const d of await store.facts.listDeadlines()) if (d.responsible) add(agencyKey(d.responsible), d.responsible);
  return [...byKey].map(([key, name]) => ({ key, name }));
}

/** The agencies a user's name for one denotes: the one with exactly that key, else all that it names (see keyMatches). */
export function matchAgencies(query: string, candidates: AgencyCandidate[]): AgencyCandidate[] {
  const q = agencyKey(query);
  if (!q) return [];
  const exact = candidates.filter((c) => c.key === q);
  if (exact.length) return exact;
  return candidates.filter((c) => keyMatches(q, c.key)).sort((a, b) => a.key.length - b.key.length || a.key.localeCompare(b.key));
}

function describe(t: { kind: string; label: string }): string {
  if (t.kind === 'all') return 'mọi hạn chót của tất cả các kế hoạch';
  if (t.kind === 'doc') return `các hạn chót của kế hoạch ${t.label}`;
  return `các hạn chót giao cho ${t.label}`;
}

const USAGE =
  'Gõ đơn vị, mã kế hoạch hoặc «tất cả» sau lệnh, ví dụ:\n/theodoi Công an quận\n/theodoi hong-bang-2023-2024\n/theodoi tất cả\nplanbot sẽ nhắc trước mỗi hạn chót của mục bạn theo dõi.';

/** Resolves what a person typed after /theodoi to a target, or a reply asking them to choose or retype. */
export async function resolveTarget(store: Store, text: string): Promise<SubscriptionTarget | ChatReply> {
  const arg = text.trim();
  if (!arg) return textReply(USAGE);
  if (isAll(arg)) return { kind: 'all', target: '', label: 'tất cả' };
  const docs = await store.listDocuments();
  const doc = docs.find((d) => d.docId === arg.toLowerCase()) ?? docs.find((d) => foldForMatch(d.shortName) === foldForMatch(arg));
  if (doc) return { kind: 'doc', target: doc.docId, label: doc.shortName };
  const found = matchAgencies(arg, await agencyCandidates(store));
  if (found.length === 1) return { kind: 'agency', target: found[0].key, label: found[0].name };
  if (found.length === 0) {
    return textReply(`Không thấy đơn vị hay kế hoạch nào tên «${arg}» trong các kế hoạch. Thử tên ngắn hơn (ví dụ «Công an», «Phòng GD&ĐT»), mã kế hoạch (/kehoach) hoặc «tất cả».`);
  }
  const shown = found.slice(0, MAX_CHOICES);
  const more = found.length > shown.length ? ` (và ${found.length - shown.length} đơn vị khác: hãy gõ tên cụ thể hơn)` : '';
  return textReply(`«${arg}» khớp với ${found.length} đơn vị${more}. Bạn muốn theo dõi đơn vị nào?`, {
    buttons: shown.map((c) => [{ text: label(c.name, 48), action: { t: 'sub', kind: 'agency', target: c.key, label: c.name } }]),
  });
}

/** The iCalendar feed of what a subscription follows, served by the web chat (GET /api/deadlines.ics). */
export function calendarFeedUrl(webUrl: string, t: SubscriptionTarget): string {
  const base = `${webUrl.replace(/\/+$/, '')}/api/deadlines.ics`;
  if (t.kind === 'agency') return `${base}?agency=${encodeURIComponent(t.label)}`;
  if (t.kind === 'doc') return `${base}?doc=${encodeURIComponent(t.target)}`;
  return base;
}

/** `webUrl`: the web chat's address when it serves calendar feeds, for a subscribe link. */
export async function subscribe(store: Store, who: ChatRef, t: SubscriptionTarget, webUrl: string | null = null): Promise<ChatReply> {
  const { created } = await store.chats.subscribe(who.platform, who.chatId, t);
  const head = created ? `Đã theo dõi ${describe(t)}.` : `Bạn đã theo dõi ${describe(t)} từ trước.`;
  const feed = webUrl ? `\nThêm các hạn này vào lịch (Google Calendar, Outlook, điện thoại): ${calendarFeedUrl(webUrl, t)}` : '';
  return textReply(`${head}\nplanbot sẽ nhắc trước mỗi hạn chót. Gõ /mysubs để xem, /huytheodoi để thôi theo dõi.${feed}`);
}

export async function subscribeCommand(store: Store, who: ChatRef, args: string, webUrl: string | null = null): Promise<ChatReply> {
  const t = await resolveTarget(store, args);
  return 'blocks' in t ? t : subscribe(store, who, t, webUrl);
}

function unsubscribeButtons(subs: Subscription[]) {
  return subs.map((s) => [{ text: `❌ ${label(s.label, 44)}`, action: { t: 'unsub' as const, id: s.id } }]);
}

export async function mySubscriptions(store: Store, who: ChatRef): Promise<ChatReply> {
  const subs = await store.chats.subscriptionsOf(who.platform, who.chatId);
  if (subs.length === 0) return textReply('Bạn chưa theo dõi gì. Gõ /theodoi <đơn vị | mã kế hoạch | tất cả> để nhận nhắc hạn.');
  const lines = subs.map((s) => `• ${s.label} — ${describe(s)}`);
  return textReply(`Bạn đang theo dõi:\n${lines.join('\n')}\n\nBấm một mục để thôi theo dõi.`, { buttons: unsubscribeButtons(subs) });
}

export async function unsubscribeById(store: Store, who: ChatRef, id: number): Promise<ChatReply> {
  const sub = (await store.chats.subscriptionsOf(who.platform, who.chatId)).find((s) => s.id === id);
  if (!sub || !(await store.chats.unsubscribe(who.platform, who.chatId, { id }))) return textReply('Mục này không còn trong danh sách theo dõi của bạn. Gõ /mysubs để xem.');
  return textReply(`Đã thôi theo dõi ${describe(sub)}.`);
}

export async function unsubscribeCommand(store: Store, who: ChatRef, args: string): Promise<ChatReply> {
  const arg = args.trim();
  const subs = await store.chats.subscriptionsOf(who.platform, who.chatId);
  if (subs.length === 0) return textReply('Bạn chưa theo dõi gì.');
  if (!arg) return textReply('Bạn muốn thôi theo dõi mục nào? (gõ /huytheodoi tất cả để thôi theo dõi hết)', { buttons: unsubscribeButtons(subs) });
  if (isAll(arg)) {
    const n = await store.chats.unsubscribeAll(who.platform, who.chatId);
    return textReply(`Đã thôi theo dõi cả ${n} mục. planbot sẽ không nhắc hạn cho bạn nữa.`);
  }
  const folded = foldForMatch(arg);
  const q = agencyKey(arg);
  const hits = subs.filter(
    (s) => s.target === arg.toLowerCase() || foldForMatch(s.label) === folded || (s.kind === 'agency' && (s.target === q || keyMatches(q, s.target))),
  );
  if (hits.length === 1) return unsubscribeById(store, who, hits[0].id);
  if (hits.length === 0) return textReply(`Bạn không theo dõi «${arg}». Bạn đang theo dõi:`, { buttons: unsubscribeButtons(subs) });
  return textReply(`«${arg}» khớp với ${hits.length} mục bạn theo dõi. Thôi theo dõi mục nào?`, { buttons: unsubscribeButtons(hits) });
}
