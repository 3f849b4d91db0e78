// `planbot deadlines [--from DATE] [--to DATE] [--agency TEXT] [--doc ID] [--kind LIST] [--json]`:
// the deadlines and dated tasks extracted from the plans (src/facts), sorted by due date.
// --from/--to bound the last day of the due period ("cuối năm 2023" is due by 2023-12-31).
// Programme periods ("giai đoạn 2021 - 2025") are left out unless asked for with --kind.
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
// The store and the calendar writer load when the command runs (a fast `planbot --help`).
import { DEADLINE_KINDS, formatDueVi, type Deadline, type DeadlineKind } from '../facts/index.js';

interface DeadlineOptions {
  from?: string;
  to?: string;
  agency?: string;
  doc?: string;
  kind?: DeadlineKind[];
  json?: boolean;
  ics?: boolean;
}

const DEFAULT_KINDS: DeadlineKind[] = ['deadline', 'school_year_task', 'scheduled_event', 'recurring'];

export function parseIsoDate(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD, such as 2023-09-01');
  }
  return v.trim();
}

function parseKinds(v: string): DeadlineKind[] {
  const kinds = v.split(',').map((k) => k.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !DEADLINE_KINDS.includes(k as DeadlineKind));
  if (bad.length || kinds.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${DEADLINE_KINDS.join(', ')}`);
  return kinds as DeadlineKind[];
}

const RECURRENCE_VI: Record<string, string> = {
  daily: 'hằng ngày',
  weekly: 'hằng tuần',
  monthly: 'hằng tháng',
  quarterly: 'hằng quý',
  yearly: 'hằng năm',
  per_semester: 'mỗi học kỳ',
  periodic: 'định kỳ',
};
const UNIT_VI: Record<string, string> = { week: 'tuần', month: 'tháng', quarter: 'quý', year: 'năm', school_year: 'năm học', semester: 'học kỳ' };

const EVERY_VI: Record<string, string> = { days: 'ngày', weeks: 'tuần', months: 'tháng', years: 'năm' };
const TIME_UNIT_VI: Record<string, string> = { day: 'ngày', working_day: 'ngày làm việc', week: 'tuần', month: 'tháng', year: 'năm' };

function recurrenceVi(r: string | null): string {
  if (!r) return 'định kỳ';
  const m = /^(\d+)\/(\w+)$/.exec(r);
  const every = /^every_(\d+)_(\w+)$/.exec(r);
  if (every) return `${every[1]} ${EVERY_VI[every[2]] ?? every[2]} một lần`;
  return m ? `${m[1]} lần/${UNIT_VI[m[2]] ?? m[2]}` : (RECURRENCE_VI[r] ?? r);
}

/** The day a recurring duty falls on: "07-27" → "27/7", "15" → "ngày 15", "M3-15" → "ngày 15 tháng cuối quý". */
function recursOnVi(on: string): string {
  const yearly = /^(\d{2})-(\d{2})$/.exec(on);
  if (yearly) return `${Number(yearly[2])}/${Number(yearly[1])}`;
  const quarterly = /^M([13])-(\d{2})$/.exec(on);
  if (quarterly) return `ngày ${Number(quarterly[2])} tháng ${quarterly[1] === '3' ? 'cuối' : 'đầu'} quý`;
  return `ngày ${Number(on)}`;
}

/** When a deadline falls, in words: its date, its recurrence and day, or its time limit when it has no date. */
function whenVi(d: Deadline): string {
  const due = formatDueVi(d.due, d.precision);
  if (d.kind === 'recurring') return d.recursOn ? `${recurrenceVi(d.recurrence)} vào ${recursOnVi(d.recursOn)}` : `${recurrenceVi(d.recurrence)} (${due})`;
  if (d.relative && !d.due) return `${d.relative.amount} ${TIME_UNIT_VI[d.relative.unit] ?? d.relative.unit}${d.relative.anchorText ? ` kể từ ${d.relative.anchorText}` : ''}`;
  return d.starts ? `từ ${due}` : due;
}

/**
 * A deadline: due date, task, responsible agency, clause id. The task is never cut (the year of
 * "trước ngày 10 tháng 9 năm 2023" is the end of it); given a width (a terminal's), the entry is
 * wrapped at spaces to fit, continuation lines indented.
 */
export function formatDeadlineLine(d: Deadline, width?: number): string {
  const line = `${whenVi(d)}  ${d.task}  — ${d.responsible ?? 'không nêu đơn vị'}  [${d.clauseId}]`;
  return width ? wrap(line, width, '    ') : line;
}

/** Words laid into lines of at most `width` characters; a word longer than a line stands alone. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/(?<=\s)(?=\S)/)) {
    const room = width - (lines.length ? indent.length : 0);
    if (current && (current + word).trimEnd().length > room) {
      lines.push(current.trimEnd());
      current = '';
    }
    current += word;
  }
  if (current.trim()) lines.push(current.trimEnd());
  return lines.map((l, i) => (i ? indent + l : l)).join('\n');
}

/** The terminal's width, when output goes to one (40 to 160 columns). */
function terminalWidth(): number | undefined {
  const cols = process.stdout.isTTY ? process.stdout.columns : undefined;
  return cols ? Math.max(40, Math.min(160, cols)) : undefined;
}

function fail(message: string, code: string): never {
  // One line and exit code 1, like every other user error of the CLI.
  process.stderr.write(`planbot: ${message}\n`);
  throw new CommanderError(1, code, message);
}

export function registerDeadlinesCommand(program: Command, cfg: () => Config): void {
  program
    .command('deadlines')
    .description('list the deadlines and dated tasks of the plans, sorted by due date')
    .option('--from <date>', 'only those due on or after this day (YYYY-MM-DD)', parseIsoDate)
    .option('--to <date>', 'only those due on or before this day (YYYY-MM-DD)', parseIsoDate)
    .option('--agency <text>', 'only those of this agency, e.g. "Công an quận", "Phòng GDĐT"')
    .option('--doc <id>', 'only this plan (see `planbot docs`)')
    .option('--kind <list>', `kinds to list, comma-separated: ${DEADLINE_KINDS.join(', ')} (default: all but programme_period)`, parseKinds)
    .option('--json', 'print a JSON array')
    .option('--ics', 'print an iCalendar feed (RFC 5545) of the tasks that fall on a day, for Google Calendar, Outlook or a phone')
    .action(async (o: DeadlineOptions) => {
      if (o.from && o.to && o.from > o.to) fail(`--from ${o.from} is after --to ${o.to}`, 'planbot.deadlines.range');
      const { Store } = await import('../store/repository.js');
      const store = await Store.open(cfg().dbPath, { create: false });
      try {
        if (o.doc && !(await store.getDocument(o.doc))) {
          const ids = (await store.listDocuments()).map((d) => d.docId);
          fail(`no plan ${JSON.stringify(o.doc)}; the plans are: ${ids.join(', ')}`, 'planbot.deadlines.doc');
        }
        const list = await store.facts.listDeadlines({ from: o.from, to: o.to, agency: o.agency, docId: o.doc, kinds: o.kind ?? DEFAULT_KINDS });
        if (o.ics) {
          const { calendarName, deadlinesCalendar } = await import('../chat/calendar.js');
          const names = new Map((await store.listDocuments()).map((d) => [d.docId, d.shortName]));
          process.stdout.write(deadlinesCalendar(list, { webUrl: cfg().publicUrl, now: new Date(), planName: (id) => names.get(id) ?? id, name: calendarName(o) }));
          return;
        }
        if (o.json) {
          const out = list.map(({ id, docId, clauseId, task, responsible, due, precision, kind, quote }) => ({ id, docId, clauseId, task, responsible, due, precision, kind, quote }));
          process.stdout.write(`${JSON.stringify(out)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write('Không có thời hạn nào khớp (no deadlines match).\n');
          return;
        }
        const width = terminalWidth();
        const header = `${list.length} ${list.length === 1 ? 'deadline' : 'deadlines'} (thời hạn), by due date${o.from || o.to ? `, ${o.from ?? '…'} to ${o.to ?? '…'}` : ''}:`;
        process.stdout.write(`${header}\n${list.map((d) => formatDeadlineLine(d, width)).join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
