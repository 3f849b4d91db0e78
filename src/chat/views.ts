// What the read-only commands show: a clause with its breadcrumb and neighbours, the plans and
// their parts, upcoming deadlines with citations. Plain text blocks and buttons (see replies.ts).
import type { Store, ClauseRow } from '../store/repository.js';
import { clauseTitle } from '../store/repository.js';
import { formatClause } from '../answer/clauseView.js';
import { MAX_CLAUSE_ID_CHARS } from '../store/clauseSuggestions.js';
import type { Citation } from '../answer/compose.js';
import { formatDueVi, type Deadline, type DeadlineKind } from '../facts/index.js';
import { label, rows, textReply, type Block, type Button, type ChatReply } from '../channels/replies.js';

const shortPath = (id: string) => `§${id.split('#')[1] ?? id}`;

async function docName(store: Store, docId: string): Promise<string> {
  return (await store.getDocument(docId))?.shortName ?? docId;
}

function citationOf(n: number, c: ClauseRow, docTitle: string, quote: string): Citation {
  return { n, clauseId: c.id, docId: c.docId, docTitle, section: c.path, heading: c.heading, quote };
}

/** A clause as formatClause shows it (breadcrumb, text, sub-clauses, neighbours), with buttons to its parent and neighbours. */
export async function clauseView(store: Store, rawId: string): Promise<ChatReply> {
  const id = rawId.trim();
  if (!id) {
    return textReply('Gõ mã điều khoản sau lệnh, ví dụ: /dieukhoan hong-bang-2023-2024#III.1.1\nMã điều khoản có trong phần «Nguồn» của mỗi câu trả lời; /kehoach liệt kê các kế hoạch.');
  }
  // Nothing longer is a clause id: refused before any lookup (a 200 KB "id" once stalled the server).
  if (id.length > MAX_CLAUSE_ID_CHARS) return textReply(`Mã điều khoản dài ${id.length} ký tự; một mã điều khoản có tối đa ${MAX_CLAUSE_ID_CHARS} ký tự, ví dụ: hong-bang-2023-2024#III.1.1`);
  const clause = await store.getClause(id);
  if (!clause) {
    // A bare path ("III.1.1") is looked up in every plan: suggestions match paths after '#'.
    const near = await store.suggestClauseIds(id.includes('#') ? id : `?#${id}`);
    const text = near.length ? `Không có điều khoản «${id}». Có phải bạn muốn xem:` : `Không có điều khoản «${id}». Gõ /kehoach để xem các kế hoạch và các phần của chúng.`;
    return textReply(text, { buttons: near.map((n) => [{ text: label(n, 60), action: { t: 'clause', id: n } }]) });
  }
  const doc = await store.getDocument(clause.docId);
  const name = doc?.shortName ?? clause.docId;
  const nav = await store.neighbours(clause);
  const children = await store.children(clause.id);
  const text = formatClause(clause, name, nav, children.map((c) => `${c.id}  ${clauseTitle(c)}`));
  // formatClause separates breadcrumb, text, sub-clauses and navigation by blank lines: those are the blocks.
  const reply = textReply(text, { citations: [citationOf(1, clause, doc?.title ?? name, '')] });
  reply.blocks[0].style = 'title'; // breadcrumb and heading
  const nav1: Button[] = [];
  if (clause.parentId) nav1.push({ text: `⬆ ${shortPath(clause.parentId)}`, action: { t: 'clause', id: clause.parentId } });
  if (nav.prev && nav.prev !== clause.parentId) nav1.push({ text: `← ${shortPath(nav.prev)}`, action: { t: 'clause', id: nav.prev } });
  if (nav.next) nav1.push({ text: `${shortPath(nav.next)} →`, action: { t: 'clause', id: nav.next } });
  reply.buttons = [nav1, ...rows(children.slice(0, 8).map((c) => ({ text: label(`${shortPath(c.id)} ${c.heading}`, 32), action: { t: 'clause' as const, id: c.id } })), 2)].filter((r) => r.length);
  reply.buttons.push([{ text: `📑 Các phần của ${label(name, 28)}`, action: { t: 'doc', id: clause.docId } }]);
  return reply;
}

/** The plans, each with a button listing its parts. */
export async function docsView(store: Store): Promise<ChatReply> {
  const docs = await store.listDocuments();
  if (docs.length === 0) return textReply('Chưa có kế hoạch nào trong chỉ mục.');
  const lines = docs.map((d) => {
    const facts = [d.issuer, d.docNumber ? `số ${d.docNumber}` : null, d.signed ? `ký ${formatDueVi(d.signed.iso, d.signed.precision)}` : null].filter(Boolean).join(', ');
    return `• ${d.shortName} — ${d.title}${facts ? ` (${facts})` : ''}${d.ocr ? ' [văn bản quét, đọc bằng OCR]' : ''}\n  mã: ${d.docId}`;
  });
  return textReply(`Có ${docs.length} kế hoạch:\n\n${lines.join('\n')}\n\nBấm một kế hoạch để xem các phần của nó; /theodoi <mã kế hoạch> để nhận nhắc hạn.`, {
    buttons: docs.map((d) => [{ text: `📑 ${label(d.shortName, 36)}`, action: { t: 'doc', id: d.docId } }]),
  });
}

/** A plan's top-level parts, each a button opening it. */
export async function docPartsView(store: Store, docId: string): Promise<ChatReply> {
  const doc = await store.getDocument(docId);
  if (!doc) return textReply(`Không còn kế hoạch «${docId}» trong chỉ mục. Gõ /kehoach để xem các kế hoạch hiện có.`);
  const parts = (await store.clausesOf(docId)).filter((c) => c.parentId === null);
  const list = parts.map((c) => `• ${shortPath(c.id)} ${clauseTitle(c)}`).join('\n');
  return textReply(`${list}\n\nBấm một phần để mở.`, {
    title: `${doc.shortName}: ${doc.title}`,
    buttons: parts.map((c) => [{ text: label(`${shortPath(c.id)} ${c.heading}`, 40), action: { t: 'clause', id: c.id } }]),
  });
}

export const DEFAULT_DEADLINE_DAYS = 30;
export const MAX_DEADLINE_DAYS = 366;
/** The kinds a person waits for; programme periods ("giai đoạn 2021 - 2025") are not deadlines to remind of. */
const UPCOMING_KINDS: DeadlineKind[] = ['deadline', 'school_year_task', 'scheduled_event', 'recurring'];
const MAX_LISTED = 15;

/** Today's date where the officials are (YYYY-MM-DD). */
export function todayInVietnam(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const dmy = (iso: string) => iso.split('-').reverse().join('/');

/** Deadlines due from today to `days` days ahead, numbered, with a citation and a button per clause. */
export async function deadlinesView(store: Store, args: string, now: Date): Promise<ChatReply> {
  const arg = args.trim();
  const days = arg === '' ? DEFAULT_DEADLINE_DAYS : Number(arg);
  if (!/^\d+$/.test(arg || '0') || !Number.isInteger(days) || days < 1 || days > MAX_DEADLINE_DAYS) {
    return textReply(`Số ngày phải là một số nguyên từ 1 đến ${MAX_DEADLINE_DAYS}, ví dụ: /hanchot 60 (mặc định ${DEFAULT_DEADLINE_DAYS} ngày).`);
  }
  const from = todayInVietnam(now);
  const to = addDays(from, days);
  const due = await store.facts.listDeadlines({ from, to, kinds: UPCOMING_KINDS });
  if (due.length === 0) {
    const next = (await store.facts.listDeadlines({ from: addDays(to, 1), kinds: UPCOMING_KINDS }))[0];
    const tail = next ? `Hạn gần nhất sau đó: ${formatDueVi(next.due, next.precision)} — ${label(next.task, 160)}` : 'Các kế hoạch không nêu hạn chót nào sau hôm nay.';
    const reply = textReply(`Không có hạn chót nào trong ${days} ngày tới (${dmy(from)}–${dmy(to)}).\n\n${tail}`);
    if (next) reply.buttons = [[{ text: `📄 ${label(shortPath(next.clauseId), 30)} ${label(await docName(store, next.docId), 24)}`, action: { t: 'clause', id: next.clauseId } }]];
    return reply;
  }
  const listed = due.slice(0, MAX_LISTED);
  const clauses = await store.getClauses([...new Set(listed.map((d) => d.clauseId))]);
  const numbers = new Map<string, number>();
  const citations: Citation[] = [];
  const names = new Map<string, { title: string; short: string }>();
  for (const d of await store.listDocuments()) names.set(d.docId, { title: d.title, short: d.shortName });
  const lines = listed.map((d: Deadline) => {
    let n = numbers.get(d.clauseId);
    const c = clauses.get(d.clauseId);
    if (n === undefined && c) {
      n = numbers.size + 1;
      numbers.set(d.clauseId, n);
      citations.push(citationOf(n, c, names.get(d.docId)?.title ?? d.docId, d.quote));
    }
    const who = d.responsible ? ` (${d.responsible})` : '';
    return `• ${formatDueVi(d.due, d.precision)}: ${label(d.task, 220)}${who}${n ? ` [${n}]` : ''}`;
  });
  const more = due.length > listed.length ? `\n… và ${due.length - listed.length} hạn khác; gõ /hanchot với số ngày nhỏ hơn để xem gọn hơn.` : '';
  const sources = citations.map((c) => `[${c.n}] ${names.get(c.docId)?.short ?? c.docId}, §${c.section} ${c.heading}`).join('\n');
  const blocks: Block[] = [{ text: `Hạn chót trong ${days} ngày tới (${dmy(from)}–${dmy(to)}):`, style: 'title' }, { text: `${lines.join('\n')}${more}` }, { text: `Nguồn:\n${sources}` }];
  return {
    blocks,
    citations,
    buttons: rows(citations.map((c) => ({ text: label(`[${c.n}] ${names.get(c.docId)?.short ?? c.docId} §${c.section}`, 36), action: { t: 'clause' as const, id: c.clauseId } })), 2),
  };
}
