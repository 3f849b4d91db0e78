// The web chat's read-only views of the plans: GET /api/docs (the indexed plans, for the plan
// list and the ask-within-a-plan-or-year choice), GET /api/deadlines (the dated tasks of a window
// around today, for the timeline) and GET /api/deadlines.ics (the same tasks as an iCalendar feed
// that calendar apps subscribe to; each event links back to its clause in this page).
import type { AppContext } from '../../app.js';
import { HttpError, type HttpRequest, type HttpServer } from '../http.js';
import type { Clock } from '../../channels/clock.js';
import { todayInVietnam } from '../views.js';
import { calendarName, deadlinesCalendar, fallsOnADay } from '../calendar.js';
import { DEADLINE_KINDS, type DeadlineKind } from '../../facts/index.js';

/** Programme periods ("giai đoạn 2021 - 2025") are spans, not deadlines. */
const DATED_KINDS: DeadlineKind[] = DEADLINE_KINDS.filter((k) => k !== 'programme_period');
const MAX_FILTER_CHARS = 200;
const MAX_DAYS = 3650;

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function days(req: HttpRequest, name: string, fallback: string, min: number): number {
  const raw = req.query.get(name) ?? fallback;
  const n = Number(raw);
  if (!/^\d{1,4}$/.test(raw) || n < min || n > MAX_DAYS) throw new HttpError(400, `${name} phải là số ngày từ ${min} đến ${MAX_DAYS}`);
  return n;
}

/** The plan and agency filters of a request; an unknown plan is a 404 that names the known ones. */
async function filters(app: AppContext, req: HttpRequest): Promise<{ doc?: string; agency?: string }> {
  const doc = req.query.get('doc')?.trim() || undefined;
  const agency = req.query.get('agency')?.trim() || undefined;
  if ((doc?.length ?? 0) > MAX_FILTER_CHARS || (agency?.length ?? 0) > MAX_FILTER_CHARS) throw new HttpError(400, `bộ lọc dài quá ${MAX_FILTER_CHARS} ký tự`);
  if (doc && !(await app.store.getDocument(doc))) {
    const ids = (await app.store.listDocuments()).map((d) => d.docId);
    throw new HttpError(404, `không có kế hoạch ${doc}; các kế hoạch: ${ids.join(', ')}`);
  }
  return { doc, agency };
}

/** The years a plan covers: its school year's or period's, else the year it was signed. */
function yearsOf(d: { yearStart: number | null; yearEnd: number | null; period: string | null; signed: { iso: string } | null }): number[] {
  let start = d.yearStart;
  let end = d.yearEnd;
  const period = d.period ? /(\d{4})(?:\s*-\s*(\d{4}))?/.exec(d.period) : null;
  if (start === null && period) [start, end] = [Number(period[1]), Number(period[2] ?? period[1])];
  if (start === null && d.signed) start = end = Number(d.signed.iso.slice(0, 4));
  if (start === null) return [];
  const out: number[] = [];
  for (let y = start; y <= (end ?? start); y++) out.push(y);
  return out;
}

export function registerPlanRoutes(o: { app: AppContext; http: HttpServer; clock: Clock; publicUrl: string }): void {
  const { app, http, clock } = o;

  http.route('GET', '/api/docs', async () => {
    const docs = await app.store.listDocuments();
    return {
      status: 200,
      body: {
        docs: docs.map((d) => ({
          docId: d.docId,
          shortName: d.shortName,
          title: d.title,
          issuer: d.issuer,
          schoolYear: d.schoolYear,
          period: d.period,
          signed: d.signed?.iso ?? null,
          years: yearsOf(d),
          clauses: d.clauseCount,
        })),
      },
    };
  });

  // ?days=N ahead of today (default 30), ?past=N before it (default 0: only what is still ahead), ?doc=, ?agency=.
  http.route('GET', '/api/deadlines', async (req) => {
    const ahead = days(req, 'days', '30', 1);
    const past = days(req, 'past', '0', 0);
    const f = await filters(app, req);
    const today = todayInVietnam(new Date(clock.now()));
    const from = addDays(today, -past);
    const to = addDays(today, ahead);
    const deadlines = await app.store.facts.listDeadlines({ from, to, docId: f.doc, agency: f.agency, kinds: DATED_KINDS });
    // The page's timeline draws what the calendar feed holds: the same rule, said here once.
    return { status: 200, body: { today, from, to, deadlines: deadlines.map((d) => ({ ...d, onADay: fallsOnADay(d) })) } };
  });

  // Every dated task, past ones too: a calendar keeps its history.
  http.route('GET', '/api/deadlines.ics', async (req) => {
    const f = await filters(app, req);
    const list = await app.store.facts.listDeadlines({ docId: f.doc, agency: f.agency, kinds: DATED_KINDS });
    const names = new Map((await app.store.listDocuments()).map((d) => [d.docId, d.shortName]));
    const body = deadlinesCalendar(list, { webUrl: o.publicUrl, now: new Date(clock.now()), planName: (id) => names.get(id) ?? id, name: calendarName(f) });
    return {
      status: 200,
      headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="planbot-hanchot.ics"', 'cache-control': 'no-cache' },
      body,
    };
  });
}
