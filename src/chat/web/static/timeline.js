// The deadlines view: the dated tasks of the coming months on a timeline drawn here as SVG
// (weeks across, one mark per task coloured by plan, overdue ones ringed in red, today a line),
// filtered by plan and agency, each mark opening its clause; below it the same tasks as a list,
// and a link to subscribe to them in a calendar app.
import { api, el, loadDocs } from './api.js';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;
/** Weeks shown before today, so the overdue tasks are in sight. */
const PAST_DAYS = 56;
// Plan colours; no red, which marks what is overdue.
const PALETTE = ['#1d4ed8', '#d97706', '#047857', '#7c3aed', '#db2777', '#0e7490', '#65a30d', '#92400e', '#475569', '#0369a1'];
const MIN_WEEK_PX = 22;
const ROW_PX = 18;
const TOP_PX = 40;

const docSel = $('dl-doc');
const agencySel = $('dl-agency');
const rangeSel = $('dl-range');
let openClause = () => {};
let colours = new Map();
let names = new Map();

function svg(tag, attrs, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

const day = (iso) => Date.parse(`${iso}T00:00:00Z`);
const dmy = (s) => s.split('-').reverse().join('/');
/** Monday on or before the day. */
const monday = (t) => t - ((new Date(t).getUTCDay() + 6) % 7) * DAY;
/** Tasks that fall on a day (a calendar's kind): not a duty that recurs, not a start date. */
// The server marks the tasks that fall on a day (calendar.ts fallsOnADay), as the .ics feed has them.
const onADay = (d) => d.onADay;

function option(value, text) {
  const o = el('option', '', text);
  o.value = value;
  return o;
}

function query(extra) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  return p.toString();
}

function subscribeLinks() {
  const q = query({ doc: docSel.value, agency: agencySel.value });
  const path = `/api/deadlines.ics${q ? `?${q}` : ''}`;
  $('ics-webcal').href = `webcal://${location.host}${path}`;
  const https = $('ics-link');
  https.href = path;
  https.textContent = `${location.origin}${path}`;
}

function draw(list, today, from, to) {
  const box = $('timeline');
  box.replaceChildren();
  drawnWidth = box.clientWidth;
  const start = monday(day(from));
  const weeks = Math.ceil((day(to) - start + DAY) / (7 * DAY));
  const width = Math.max(box.clientWidth - 2, weeks * MIN_WEEK_PX);
  const weekPx = width / weeks;
  const x = (t) => ((t - start) / (7 * DAY)) * weekPx;
  const byWeek = new Map();
  for (const d of list) {
    const w = Math.floor((day(d.dueLast) - start) / (7 * DAY));
    byWeek.set(w, [...(byWeek.get(w) || []), d]);
  }
  const tallest = Math.max(3, ...[...byWeek.values()].map((v) => v.length));
  const height = TOP_PX + tallest * ROW_PX + 12;
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Hạn chót từ ${dmy(from)} đến ${dmy(to)}` }, box);
  // Weeks: a band every other week, the Monday's day under the months.
  for (let w = 0; w < weeks; w++) {
    const t = start + w * 7 * DAY;
    if (w % 2) svg('rect', { x: w * weekPx, y: TOP_PX - 6, width: weekPx, height: height - TOP_PX + 6, class: 'band' }, root);
    const tick = svg('text', { x: w * weekPx + 2, y: 30, class: 'week' }, root);
    tick.textContent = String(new Date(t).getUTCDate());
  }
  // Months: a line and the month's name where it starts.
  const first = new Date(start);
  for (let m = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1); m <= day(to); m = Date.UTC(new Date(m).getUTCFullYear(), new Date(m).getUTCMonth() + 1, 1)) {
    const mx = Math.max(0, x(m));
    if (mx > width - 44) break; // no room left for its name
    svg('line', { x1: mx, x2: mx, y1: 4, y2: height, class: 'month-line' }, root);
    const label = svg('text', { x: mx + 3, y: 14, class: 'month' }, root);
    const dt = new Date(m);
    label.textContent = `Th${dt.getUTCMonth() + 1}/${dt.getUTCFullYear()}`;
  }
  const tx = x(day(today) + DAY / 2);
  svg('line', { x1: tx, x2: tx, y1: 18, y2: height, class: 'today-line' }, root);
  const todayLabel = svg('text', { x: tx + 3, y: height - 4, class: 'today' }, root);
  todayLabel.textContent = 'Hôm nay';
  // Narrow screens scroll the weeks: start with the overdue weeks and today in sight.
  box.scrollLeft = Math.max(0, tx - box.clientWidth * 0.66);
  for (const tasks of byWeek.values()) {
    tasks.forEach((d, i) => {
      const overdue = d.dueLast < today;
      const g = svg('g', { class: `mark${overdue ? ' overdue' : ''}`, tabindex: 0, role: 'button', 'data-clause': d.clauseId, 'aria-label': `${dmy(d.dueLast)}: ${d.task}` }, root);
      const cx = Math.min(Math.max(x(day(d.dueLast) + DAY / 2), 8), width - 8);
      const cy = TOP_PX + 4 + i * ROW_PX;
      if (overdue) svg('circle', { cx, cy, r: 8, class: 'overdue-ring' }, g);
      svg('circle', { cx, cy, r: 6, fill: colours.get(d.docId) || PALETTE[0] }, g);
      const tip = svg('title', {}, g);
      tip.textContent = `${dmy(d.dueLast)}${overdue ? ' (quá hạn)' : ''} — ${d.task}\n${d.responsible || 'không nêu đơn vị'} · ${names.get(d.docId) || d.docId}\n${d.dateText}`;
      const open = () => openClause(d.clauseId, d.quote);
      g.addEventListener('click', open);
      g.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
    });
  }
}

function legend(list) {
  const ul = $('legend');
  ul.replaceChildren();
  for (const docId of new Set(list.map((d) => d.docId))) {
    const li = el('li', '');
    const s = svg('svg', { width: 12, height: 12, 'aria-hidden': 'true' }, li);
    svg('circle', { cx: 6, cy: 6, r: 5, fill: colours.get(docId) }, s);
    li.append(` ${names.get(docId) || docId}`);
    ul.appendChild(li);
  }
  const li = el('li', 'overdue-key');
  const s = svg('svg', { width: 18, height: 18, 'aria-hidden': 'true' }, li);
  svg('circle', { cx: 9, cy: 9, r: 8, class: 'overdue-ring' }, s);
  svg('circle', { cx: 9, cy: 9, r: 5, fill: '#9ca3af' }, s);
  li.append(' quá hạn');
  ul.appendChild(li);
}

function listTasks(list, today) {
  const ol = $('dl-list');
  ol.replaceChildren();
  for (const d of list) {
    const li = el('li', d.dueLast < today ? 'overdue' : '');
    const b = el('button', 'task');
    b.type = 'button';
    b.dataset.clause = d.clauseId;
    const dot = svg('svg', { width: 10, height: 10, 'aria-hidden': 'true' }, b);
    svg('circle', { cx: 5, cy: 5, r: 5, fill: colours.get(d.docId) }, dot);
    const who = el('span', 'who', `${d.responsible || 'không nêu đơn vị'} · ${names.get(d.docId) || d.docId}`);
    if (d.dueLast < today) who.prepend(el('span', 'late', 'Quá hạn'), ' · ');
    b.append(el('span', 'due', ` ${dmy(d.dueLast)}`), el('span', 'what', d.task), who);
    b.addEventListener('click', () => openClause(d.clauseId, d.quote));
    li.appendChild(b);
    ol.appendChild(li);
  }
  if (!list.length) ol.appendChild(el('li', 'empty', 'Không có hạn chót nào trong khoảng này với bộ lọc đã chọn.'));
}

const fetchWindow = (filters) => api(`/api/deadlines?${query({ past: String(PAST_DAYS), days: String(Math.round(Number(rangeSel.value) * 30.5)), ...filters })}`);

let agenciesFor = '';
/** What was drawn last, to draw again at a new width (the clause panel opened or closed, the window turned). */
let drawn = null;
let drawnWidth = 0;
async function refresh() {
  const status = $('dl-status');
  status.textContent = 'Đang tải…';
  subscribeLinks();
  try {
    // The agency choices are those with a task in the window, whatever the filters.
    if (agenciesFor !== rangeSel.value) {
      const all = await fetchWindow({});
      const chosen = agencySel.value;
      const agencies = [...new Set(all.deadlines.filter(onADay).map((d) => d.responsible).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'vi'));
      agencySel.replaceChildren(option('', 'Mọi đơn vị'), ...agencies.map((a) => option(a, a)));
      if (agencies.includes(chosen)) agencySel.value = chosen;
      agenciesFor = rangeSel.value;
    }
    const body = await fetchWindow({ doc: docSel.value, agency: agencySel.value });
    const list = body.deadlines.filter(onADay);
    drawn = [list, body.today, body.from, body.to];
    draw(...drawn);
    legend(list);
    listTasks(list, body.today);
    const overdue = list.filter((d) => d.dueLast < body.today).length;
    status.textContent = `${list.length} hạn chót từ ${dmy(body.from)} đến ${dmy(body.to)}${overdue ? `, ${overdue} đã quá hạn` : ''}. Hôm nay ${dmy(body.today)}.`;
  } catch (err) {
    status.textContent = err.message;
  }
}

/** Sets up the view; `open(id, quote)` opens a clause. Returns show(doc?): shows it, filtered to a plan. */
export async function initTimeline(open) {
  openClause = open;
  const docs = await loadDocs();
  colours = new Map(docs.map((d, i) => [d.docId, PALETTE[i % PALETTE.length]]));
  names = new Map(docs.map((d) => [d.docId, d.shortName]));
  docSel.replaceChildren(option('', 'Mọi kế hoạch'), ...docs.map((d) => option(d.docId, d.shortName)));
  for (const s of [docSel, agencySel, rangeSel]) s.addEventListener('change', refresh);
  subscribeLinks();
  new ResizeObserver(() => {
    const box = $('timeline');
    if (drawn && box.clientWidth && box.clientWidth !== drawnWidth) draw(...drawn);
  }).observe($('timeline'));
  return (doc) => {
    if (doc !== undefined) docSel.value = doc;
    return refresh();
  };
}
