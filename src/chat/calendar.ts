// The dated tasks of the plans as an iCalendar feed (RFC 5545) that Google Calendar, Outlook
// and phones subscribe to: one all-day VEVENT per task on the last day it is due, its UID the
// task's stable id (clause id and its place among the clause's dated tasks), so re-indexing a
// changed plan updates an event instead of adding one. Pure: deadlines in, text out.
import type { Deadline } from '../facts/index.js';

export interface CalendarOptions {
  /** The web chat's address, for each event's link to its clause; null leaves links out. */
  webUrl: string | null;
  /** Stamps the feed (DTSTAMP). */
  now: Date;
  /** A plan's name by document id. */
  planName: (docId: string) => string;
  /** What the calendar is called in the subscriber's app. */
  name: string;
}

const MAX_SUMMARY = 200;

/** Text escaped as RFC 5545 §3.3.11 says: backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A content line folded at 75 octets (§3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    // The first line holds 75 octets; each continuation starts with a space, so 74 more.
    if (bytes + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const basicDate = (iso: string) => iso.replace(/-/g, '');
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The clause in the web chat: the page opens the clause named after "#clause=". */
export function clauseLink(webUrl: string, clauseId: string): string {
  return `${webUrl.replace(/\/+$/, '')}/#clause=${encodeURIComponent(clauseId)}`;
}

/** A deadline that falls on a day: a due date known (not a duty that recurs, not a start, not a limit counted from an unknown event). */
export function fallsOnADay(d: Deadline): boolean {
  return Boolean(d.dueLast) && d.kind !== 'recurring' && !d.starts;
}

/** The deadlines a calendar shows: those that fall on a day. */
export function calendarDeadlines(list: Deadline[]): Deadline[] {
  return list.filter(fallsOnADay);
}

/** "planbot — hạn chót (Công an quận)": what the filters chose, in the calendar's name. */
export function calendarName(o: { agency?: string; doc?: string }): string {
  const scope = [o.agency, o.doc].filter(Boolean).join(', ');
  return `planbot — hạn chót${scope ? ` (${scope})` : ''}`;
}

/** The feed: a VCALENDAR with a VEVENT for each deadline that falls on a day. */
export function deadlinesCalendar(list: Deadline[], o: CalendarOptions): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//planbot//deadlines//VI', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(o.name)}`, 'X-WR-TIMEZONE:Asia/Ho_Chi_Minh'];
  const dtstamp = stamp(o.now);
  for (const d of calendarDeadlines(list)) {
    const summary = d.task.length > MAX_SUMMARY ? `${d.task.slice(0, MAX_SUMMARY - 1).trimEnd()}…` : d.task;
    const description = [
      `Đơn vị: ${d.responsible ?? 'kế hoạch không nêu'}`,
      `Kế hoạch: ${o.planName(d.docId)}`,
      `Hạn: ${d.dateText}`,
      `“${d.quote}”`,
      `Điều khoản: ${d.clauseId}`,
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(d.id)}@planbot`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${basicDate(d.dueLast!)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(d.dueLast!))}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(o.webUrl ? [`URL:${clauseLink(o.webUrl, d.clauseId)}`] : []),
      `CATEGORIES:${escapeText(o.planName(d.docId))}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
