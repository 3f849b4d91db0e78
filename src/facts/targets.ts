// Targets (chỉ tiêu) of a plan: an indicator, how it is compared, the value as written and as
// a number, its unit, the school level it is for, a sub-group when the plan sets one apart
// ("vùng khó 22,6% trở lên"), and the verbatim piece of the clause it was read from.
// Appendix tables (tab-separated rows, e.g. Thanh Xuân's "Một số chỉ tiêu cơ bản") are read
// cell by cell.
import type { Clause, DocumentMeta } from '../corpus/types.js';
import { ancestors, bodyFilter, headingLine, lines, pieces, type Span } from './text.js';
import { splitLookbehind, matchesSplit } from '../corpus/lookbehind.js';

export type Level = 'mầm non' | 'tiểu học' | 'THCS' | 'THPT' | 'GDTX';
export type Comparator = 'dưới' | 'trên' | 'đạt' | 'trở lên' | 'từ … trở lên' | 'giảm … so với' | 'tối thiểu' | 'tối đa';

export interface Target {
  /** `${clauseId}@t${n}`, n counting the clause's targets in text order. */
  id: string;
  docId: string;
  clauseId: string;
  indicator: string;
  /** null when the plan states the value alone ("100% số trường…", a table cell "86%"). */
  comparator: Comparator | null;
  /** As written: "99,5%", "1%", "01 trường", "3-5%", "Tốp “đầu”". */
  value: string;
  /** 99.5; the lower end of a range ("3-5%" → 3); null for a value without a figure. */
  number: number | null;
  /** The upper end of a range ("3-5%" → 5), else null. */
  numberMax: number | null;
  /** "%", "trường", "phòng học", "lớp", "hộ", "người", "tuần", "m2", "triệu đồng/hộ", "đồng/người", "mức độ", "thứ hạng", or null. */
  unit: string | null;
  level: Level | null;
  /** "vùng khó", "Khá, Tốt", "cấp Mầm non", "trẻ 5 tuổi"… when the target is for part of the indicator's population. */
  subgroup: string | null;
  schoolYear: string | null;
  quote: string;
}

// ---------------------------------------------------------------- levels

const LEVEL_RES: [Level, RegExp][] = [
  ['mầm non', /mầm non|mẫu giáo|nhà trẻ|(?<![\p{L}])MN(?![\p{L}])/iu],
  ['tiểu học', /tiểu học|(?<![\p{L}])TH(?![\p{L}])|(?<![\p{L}])lớp [1-5](?![\d])/iu],
  ['THCS', /THCS|trung học cơ sở|(?<![\p{L}])lớp [6-9](?![\d])/iu],
  ['THPT', /THPT|trung học phổ thông|(?<![\p{L}])lớp 1[0-2](?![\d])/iu],
  ['GDTX', /GDTX|giáo dục thường xuyên|GDNN|học viên|bổ túc|xóa mù chữ/iu],
];

/** Levels a text mentions, in the order they first appear. "Giáo dục phổ thông" is all three general levels. */
export function levelsIn(text: string): Level[] {
  const found: [number, Level][] = [];
  for (const [level, re] of LEVEL_RES) {
    const m = re.exec(text);
    if (m) found.push([m.index, level]);
  }
  if (/giáo dục phổ thông/iu.test(text) && found.length === 0) return ['tiểu học', 'THCS', 'THPT'];
  return found.sort((a, b) => a[0] - b[0]).map(([, l]) => l);
}

const onlyLevel = (text: string): Level | null => {
  const ls = levelsIn(text);
  return ls.length === 1 && !/giáo dục phổ thông/iu.test(text) ? ls[0] : null;
};

/** The first level a text mentions, unless it speaks of "giáo dục phổ thông" (three levels at once). */
const firstLevel = (text: string): Level | null => (/giáo dục phổ thông/iu.test(text) ? null : (levelsIn(text)[0] ?? null));

/** A line that only names a level ("- Giáo dục THCS:", "Giáo dục Tiểu học:"). */
const SUBHEADING = /^[-+•*\s]*(?:Giáo dục\s+)?([\p{L} ]{2,30}):\s*$/u;
/** A line opening with a level label ("THPT: Tỷ lệ…", "Mầm non: Trên 70%…"). */
const LINE_LABEL = /^(Mầm non|Tiểu học|THCS|THPT|GDTX|Trung học cơ sở|Trung học phổ thông)\s*:\s*/u;

// ---------------------------------------------------------------- values

interface ValueMatch {
  index: number;
  end: number;
  value: string;
  number: number | null;
  numberMax: number | null;
  unit: string;
}

const num = (s: string): number => {
  // "4.500" is four thousand five hundred; "99,5" and "8,0" use the decimal comma.
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ''));
  return Number(s.replace(',', '.'));
};

/** "99,5%", a range "3-5%", "50% - 70%", "61% đến 80%". */
const PCT = /(?<![\d,.])(\d+(?:[.,]\d+)?)(?:%?\s*[-–]\s*(\d+(?:[.,]\d+)?)|%\s+đến\s+(?:dưới\s+)?(\d+(?:[.,]\d+)?))?%/gu;
/** Amounts of money: "40 triệu đồng/hộ", "2.000.000 đồng/đơn vị", "40 (Bốn mươi) triệu đồng/hộ", "40 trđ/hộ". */
const MONEY =
  /(?<![\d,.\p{L}])(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:\s*\([\p{L} ]+\))?\s*(triệu đồng|tỷ đồng|nghìn đồng|ngàn đồng|đồng|trđ|tr\.đ)(?:\s*\/\s*(hộ|người|nguời|đơn vị|tháng|năm|suất|lượt|học sinh|trẻ|giường|m2|ngày|lần))?(?![\p{L}])(?!\s+(?:chí|bộ|thời|đội|nghiệp|phục|hành|tình|ý|loạt|đều|hương|bằng|ruộng))/gu;
/** Areas: "30 m2", "24 m²". */
const AREA = /(?<![\d,.\p{L}])(\d+(?:,\d+)?)\s*(m2|m²|km2|ha)(?![\p{L}\d])/gu;
/** Counts of households, people, weeks: "71.000 hộ", "35 tuần". */
const HEADS = /(?<![\d,.\p{L}])(\d{1,3}(?:\.\d{3})+|\d+)\s+(hộ|người|tuần)(?![\p{L}])(?!\s+(?:gia đình|dân|khẩu|tịch|làm|con|trở|một))/gu;
const COUNT = /(?<![\d,.\p{L}])(\d{1,3}(?:\.\d{3})+|\d+)(?:\s*[-–]\s*(\d+))?\s+(trường học số|phòng học|trường|lớp)(?![\p{L}])((?:\s*\/\s*[\d.]+\s+dân số)|(?:\/(?:năm học|năm|ngày)))?/gu;
const GRADE = /(?<![\p{L}])mức độ\s+(\d)(?!\d)/gu;
const RANK = /(?<![\p{L}])đứng\s+(?:thứ|top|tốp)\s+(\d{1,2})(?![\d%])/giu;

// Scanned without their leading lookbehinds (src/corpus/lookbehind.ts).
const [PCT_S, MONEY_S, AREA_S, HEADS_S, COUNT_S, GRADE_S, RANK_S] = [PCT, MONEY, AREA, HEADS, COUNT, GRADE, RANK].map(splitLookbehind);

function valuesIn(text: string): ValueMatch[] {
  const out: ValueMatch[] = [];
  if (!/\d/.test(text)) return out; // every value has a figure
  for (const m of matchesSplit(PCT_S, text)) {
    const max = m[2] ?? m[3];
    out.push({ index: m.index!, end: m.index! + m[0].length, value: m[0], number: num(m[1]), numberMax: max ? num(max) : null, unit: '%' });
  }
  for (const m of matchesSplit(MONEY_S, text)) {
    const unit = `${m[2] === 'trđ' || m[2] === 'tr.đ' ? 'triệu đồng' : m[2]}${m[3] ? `/${m[3]}` : ''}`;
    out.push({ index: m.index!, end: m.index! + m[0].length, value: m[0], number: num(m[1]), numberMax: null, unit });
  }
  for (const m of matchesSplit(AREA_S, text)) {
    out.push({ index: m.index!, end: m.index! + m[0].length, value: m[0], number: num(m[1]), numberMax: null, unit: m[2] === 'm²' ? 'm2' : m[2] });
  }
  for (const m of matchesSplit(HEADS_S, text)) {
    // "cả 2 người": a small count of people is rarely a figure to reach
    if (m[2] === 'người' && num(m[1]) < 10) continue;
    out.push({ index: m.index!, end: m.index! + m[0].length, value: m[0], number: num(m[1]), numberMax: null, unit: m[2] });
  }
  for (const m of matchesSplit(COUNT_S, text)) {
    out.push({ index: m.index!, end: m.index! + m[0].length, value: m[0], number: num(m[1]), numberMax: m[2] ? num(m[2]) : null, unit: `${m[3]}${m[4] ? m[4].replace(/^\s*\/\s*[\d.]+\s+/, '/').replace(/^\//, '/') : ''}`.replace(/\/\s*/, '/') });
  }
  if (out.length === 0) {
    for (const m of matchesSplit(GRADE_S, text)) out.push({ index: m.index!, end: m.index! + m[0].length, value: m[0], number: Number(m[1]), numberMax: null, unit: 'mức độ' });
  }
  for (const m of matchesSplit(RANK_S, text)) {
    const at = m.index! + m[0].indexOf(m[0].replace(/^đứng\s+/iu, ''));
    out.push({ index: at, end: m.index! + m[0].length, value: text.slice(at, m.index! + m[0].length), number: Number(m[1]), numberMax: null, unit: 'thứ hạng' });
  }
  return out.sort((a, b) => a.index - b.index);
}

// ---------------------------------------------------------------- comparators

interface Comparison {
  comparator: Comparator | null;
  /** Offset where the comparator words before the value begin (the value's index when none). */
  before: number;
  /** Offset just past the comparator words after the value. */
  after: number;
}

function compare(text: string, v: ValueMatch, label: string): Comparison {
  const pre = text.slice(Math.max(0, v.index - 40), v.index);
  const post = text.slice(v.end, v.end + 40);
  let comparator: Comparator | null = null;
  let before = v.index;
  let after = v.end;
  const m = /(?<![\p{L}])(xuống dưới|đạt dưới|không thấp hơn|không dưới|tối thiểu(?: bằng| là)?|tối đa(?: bằng| là| không vượt quá| không quá)?|không vượt quá|dưới|đạt trên|trên|không quá|từ|đạt)\s*:?\s*$/iu.exec(pre);
  const raw = m?.[1].toLowerCase() ?? null;
  // "không thấp hơn 24 m2" is a floor, "tối đa không quá 0,5%" a cap
  const word = raw && /^(không thấp hơn|không dưới|tối thiểu)/.test(raw) ? 'tối thiểu' : raw && /^(tối đa|không vượt quá|không quá)/.test(raw) ? 'tối đa' : raw;
  if (m) before = v.index - m[0].length;
  const trolen = /^\s*trở lên/iu.exec(post);
  const sovoi = /^\s*so với(?:\s+[\p{L}]+){0,3}/iu.exec(post);
  if (word === 'từ' && sovoi && /giảm/iu.test(label)) {
    comparator = 'giảm … so với';
    after = v.end + sovoi[0].length;
  } else if (word === 'từ' && trolen) {
    comparator = 'từ … trở lên';
    after = v.end + trolen[0].length;
  } else if (word && /dưới/.test(word)) comparator = 'dưới';
  else if (word && /trên/.test(word)) comparator = 'trên';
  else if (word === 'tối thiểu') comparator = 'tối thiểu';
  else if (word === 'tối đa' || word === 'không quá') comparator = 'tối đa';
  else if (trolen) {
    comparator = 'trở lên';
    after = v.end + trolen[0].length;
  } else if (word === 'đạt') comparator = 'đạt';
  else if (word === 'từ') before = v.index; // "từ" without "trở lên"/"so với" is not a comparison here
  if (trolen && after === v.end && comparator !== 'trên' && comparator !== 'dưới') after = v.end + trolen[0].length;
  return { comparator, before, after };
}

// ---------------------------------------------------------------- reading a piece of text

const SUBGROUP_START = /^(vùng|cấp|khối|riêng|trong đó|nam|nữ|Khá|Tốt|Giỏi|Đạt|trẻ \d|học sinh dân tộc)/iu;
const LEAD_VERBS = /^(phấn đấu|phân đầu|tập trung ưu tiên|tập trung|ưu tiên)\s+/iu;

function cleanLabel(s: string): string {
  return s
    .replace(/^[\s,;:()\-–+•*]+/, '')
    .replace(/[\s,;:(\-–]+$/, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+,/g, ',')
    .trim();
}

/** The end of a long label: what follows its last comma, or its last `n` words. */
function tailWords(label: string, n: number): string {
  if (words(label) <= n) return label;
  const afterComma = label.slice(label.lastIndexOf(', ') + 2);
  return words(afterComma) <= n && label.includes(', ') ? afterComma : label.split(/\s+/).slice(-n).join(' ');
}

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

interface Parent {
  indicator: string;
  level: Level | null;
}

interface Context {
  docId: string;
  clauseId: string;
  schoolYear: string | null;
  /** Level from the clause's headings when they name exactly one. */
  headingLevel: Level | null;
}

function readPiece(piece: Span, ctx: Context, lineLevel: Level | null, parent: { last: Parent | null }): Omit<Target, 'id'>[] {
  const out: Omit<Target, 'id'>[] = [];
  const p = piece.text;
  const values = valuesIn(p);
  let prevEnd = 0;
  values.forEach((v, i) => {
    // Is the value inside parentheses opened after the previous value? Then it is a sub-group of the last target.
    const upTo = p.slice(0, v.index);
    const depth = (upTo.match(/\(/g)?.length ?? 0) - (upTo.match(/\)/g)?.length ?? 0);
    const from = depth > 0 ? upTo.lastIndexOf('(') + 1 : prevEnd;
    const cmp = compare(p, v, p.slice(from, v.index));
    let label = p.slice(from, Math.max(from, cmp.before));
    const afterOpen = p.slice(cmp.after);
    // A value written first: "100% số trường …", "huy động 92% trở lên học sinh …", "trên 95% (vùng khó …) trẻ đạt …".
    const skipParen = /^\s*\([^)]*\)\s*/.exec(afterOpen)?.[0].length ?? 0;
    const next = values.slice(i + 1).find((w) => w.index >= cmp.after + skipParen);
    const restRaw = afterOpen.slice(skipParen, next ? next.index - cmp.after : afterOpen.length);
    const rest = restRaw.split(/[;.(:]|,\s+(?=\p{L})/u)[0];
    const labelOfNext = next !== undefined && (/:\s*$/.test(restRaw) || (words(restRaw) <= 4 && SUBGROUP_START.test(restRaw.trim())));
    const valueFirst =
      depth === 0 && v.unit !== 'thứ hạng' && /^\s*\p{L}/u.test(afterOpen.slice(skipParen)) && !/^\s*(so với|và|trở)/iu.test(afterOpen.slice(skipParen)) && rest.trim().length > 0 && !labelOfNext;

    let indicator = '';
    let subgroup: string | null = null;
    let inherits = false; // the indicator is the previous target's: this one is a sub-group of it
    label = cleanLabel(label.replace(LINE_LABEL, '').replace(/(?<![\p{L}])đứng\s*$/u, ''));
    let trongDo = false;
    if (/^trong đó\s*[:,]?\s*/iu.test(label)) {
      trongDo = true;
      label = cleanLabel(label.replace(/^trong đó\s*[:,]?\s*/iu, ''));
    }
    const riêng = /^riêng\s+/iu.test(label);
    if (riêng) label = label.replace(/^riêng\s+/iu, '');

    if (/đồng|^(m2|ha|km2)$/u.test(v.unit)) {
      // "Hỗ trợ 40 triệu đồng/hộ đối với …": the amount is the value, what it is for the indicator
      indicator = cleanLabel(`${tailWords(label, 16)} ${rest.trim()}`);
    } else if (v.unit !== '%' && v.unit !== 'thứ hạng' && v.unit !== 'mức độ') {
      indicator = cleanLabel(`${tailWords(label, 16)} ${v.unit.split('/')[0]} ${rest.trim()}`);
    } else if (depth > 0 || trongDo || riêng) {
      subgroup = label || null;
      indicator = parent.last?.indicator ?? label;
      inherits = !!parent.last;
    } else if (valueFirst) {
      indicator = cleanLabel(`${tailWords(label, 16)} ${rest}`);
    } else if (label.includes(':')) {
      const head = cleanLabel(label.slice(0, label.lastIndexOf(':')));
      const tail = cleanLabel(label.slice(label.lastIndexOf(':') + 1));
      if (tail && head) {
        indicator = head;
        subgroup = tail;
      } else if (head && parent.last && words(head) <= 4 && (SUBGROUP_START.test(head) || levelsIn(head).length > 0)) {
        indicator = parent.last.indicator;
        subgroup = head;
        inherits = true;
      } else indicator = head || tail;
    } else if (parent.last && label && words(label) <= 4 && (SUBGROUP_START.test(label) || levelsIn(label).length > 0)) {
      indicator = parent.last.indicator;
      subgroup = label;
      inherits = true;
    } else {
      indicator = label;
    }
    indicator = cleanLabel(indicator.replace(LEAD_VERBS, ''));
    if (!indicator) indicator = parent.last?.indicator ?? cleanLabel(p);

    const level =
      lineLevel ??
      (subgroup ? onlyLevel(subgroup) : null) ??
      ctx.headingLevel ??
      (inherits ? null : firstLevel(indicator)) ??
      (inherits ? parent.last?.level : null) ??
      onlyLevel(p) ??
      null;

    out.push({
      docId: ctx.docId,
      clauseId: ctx.clauseId,
      indicator,
      comparator: cmp.comparator,
      value: v.value,
      number: v.number,
      numberMax: v.numberMax,
      unit: v.unit,
      level,
      subgroup,
      schoolYear: ctx.schoolYear,
      quote: piece.text,
    });
    if (!inherits) parent.last = { indicator, level: subgroup ? null : level };
    prevEnd = Math.max(prevEnd, cmp.after, valueFirst ? cmp.after + skipParen + rest.length : 0);
  });
  return out;
}

// ---------------------------------------------------------------- table rows

const CELL_VALUE = /(?:([\p{L}][\p{L} ,]*?):\s*)?(?:(Trên|Dưới|Từ|Tối thiểu|Đạt)\s+)?(\d+(?:[.,]\d+)?)\s*%(\s*trở lên)?/giu;

/** "ĐVT: triệu đồng", "(Đơn vị tính: hộ)": the unit a table gives its figures in (also last of a row's "header: cell | …" context line). */
const UNIT_LINE = /(?:^|\(|\t|\|)\s*(?:ĐVT|Đơn vị tính)\s*:\s*([^)\t]+?)\s*\)?\s*$/iu; // not a bare "Đơn vị:", a column of units (schools, offices) in a row's "header: cell" lines
/** A figure alone in a cell: "1.200", "35,5", "86%". */
const FIGURE_CELL = /^\s*(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(%)?\s*$/u;

/**
 * Figures in the cells of a table row whose unit the clause text shows: in the header cell
 * above ("Dự toán 2020 (triệu đồng)", "Tỷ lệ (%)") or in a unit line ("ĐVT: triệu đồng").
 * Percent cells are read by the row's own reading; a figure whose unit is nowhere is left out.
 */
function readRowFigures(row: Clause, ctx: Context, data: string, header: string | null, unitLine: string | null): Omit<Target, 'id'>[] {
  // A table without a number column ("Tỷ lệ trẻ 5 tuổi ra lớp (%) | 99,2 | 99,5 …"): its row title is
  // its first cell, read as a numbered table's second, under a header moved the same way.
  const numbered = row.label !== '';
  const heads = header ? [...(numbered ? [] : ['']), ...header.split('\t')] : [];
  const own = [...(numbered ? [] : ['']), ...data.split('\t')];
  // A row whose first cell is empty ("| | Tổng cộng | 50.800 | …") lost it when its line was trimmed: its cells sit one column left.
  const cells = heads.length === own.length + 1 ? ['', ...own] : own;
  const contentAt = cells.findIndex((x, i) => i > 0 && /\p{L}/u.test(x));
  const content = contentAt > 0 ? cells[contentAt].trim() : '';
  // …and its unit may be the title's ("(%)", "(lớp)").
  const titleUnit = /\(([^()]{1,20})\)\s*$/u.exec(content)?.[1].trim() ?? null;
  const out: Omit<Target, 'id'>[] = [];
  cells.forEach((cell, i) => {
    if (i === 0 || i === contentAt) return;
    const m = FIGURE_CELL.exec(cell);
    if (!m || m[2]) return;
    const head = (heads[i] ?? '').trim();
    const headUnit = /\(([^)]+)\)\s*$/u.exec(head)?.[1].trim().replace(/^trđ/u, 'triệu đồng');
    // "2024-2025 (hiện trạng)", "Năm 2025 (ước thực hiện)": what a column is, not the unit of its figures.
    const unit = (headUnit && !NOT_A_UNIT.test(headUnit) ? headUnit : null) ?? unitLine ?? titleUnit;
    if (!unit) return;
    const column = head.replace(/\s*\([^)]*\)\s*$/u, '').trim();
    out.push({
      docId: ctx.docId, clauseId: ctx.clauseId, schoolYear: ctx.schoolYear, quote: data,
      indicator: [content.replace(/\s*\([^()]{1,20}\)\s*$/u, ''), column].filter(Boolean).join(' — ') || row.heading, comparator: null,
      value: cell.trim(), number: num(m[1]), numberMax: null, unit, level: firstLevel(content), subgroup: null,
    });
  });
  return out;
}

const NOT_A_UNIT = /^(?:hiện trạng|thực hiện|ước thực hiện|ước|ước đạt|kế hoạch|dự kiến|chỉ tiêu|mục tiêu|so sánh|ghi chú|năm học\b.*|\d.*)$/iu;

function readRow(row: Clause, ctx: Context): Omit<Target, 'id'>[] {
  // The row's own line; a row clause may also carry its table's header line and unit line.
  const rowLines = row.text.split('\n');
  const line = rowLines.find((l) => l.split('\t')[0].trim() === row.label && l.includes('\t')) ?? rowLines[0];
  const unitLine = rowLines.map((l) => UNIT_LINE.exec(l)?.[1] ?? null).find(Boolean) ?? null;
  const header = rowLines.find((l) => l !== line && l.includes('\t') && !UNIT_LINE.test(l)) ?? null;
  const figures = header || unitLine ? readRowFigures(row, ctx, line, header, unitLine) : [];
  const own = row.label === '' && figures.length ? [] : readRowLine(line, ctx);
  return [...(figures.length ? own.filter((t) => t.number !== null) : own), ...figures];
}

function readRowLine(line: string, ctx: Context): Omit<Target, 'id'>[] {
  const cells = line.split('\t');
  if (cells.length < 3) return [];
  const content = cells[1].trim();
  const cell = cells.slice(2).join(' ').trim();
  const quote = line.slice(line.indexOf('\t') + 1);
  const parts = content.split(/(?:^|\s)-\s+/).map((s) => s.trim().replace(/:$/, '').trim());
  const head = content.startsWith('-') ? '' : parts.shift() ?? '';
  const items = parts.filter(Boolean);
  const vals = [...cell.matchAll(CELL_VALUE)];
  const base = { docId: ctx.docId, clauseId: ctx.clauseId, schoolYear: ctx.schoolYear, quote };
  if (vals.length === 0) {
    return [{ ...base, indicator: content, comparator: null, value: cell.replace(/\.$/, ''), number: null, numberMax: null, unit: null, level: firstLevel(content), subgroup: null }];
  }
  return vals.map((m, i) => {
    const item = items.length === vals.length ? items[i] : null;
    const indicator = head || item || content;
    const labels = [head ? item : null, m[1]?.trim() || null].filter(Boolean) as string[];
    const subgroup = labels.length ? labels.join(': ') : null;
    const word = m[2]?.toLowerCase() ?? null;
    const comparator: Comparator | null = word === 'dưới' ? 'dưới' : word === 'trên' ? 'trên' : word === 'tối thiểu' ? 'tối thiểu' : m[4] ? (word === 'từ' ? 'từ … trở lên' : 'trở lên') : word === 'đạt' ? 'đạt' : null;
    const value = `${m[3]}%`;
    const level = (subgroup && head ? onlyLevel(item ?? '') : null) ?? firstLevel(indicator);
    return { ...base, indicator, comparator, value, number: num(m[3]), numberMax: null, unit: '%', level, subgroup };
  });
}

// ---------------------------------------------------------------- a document

function headingLevelOf(c: Clause, byId: Map<string, Clause>): Level | null {
  for (const h of [c, ...ancestors(c, byId)]) {
    const heading = h.kind === 'row' ? '' : headingLine(h);
    const ls = /giáo dục phổ thông/iu.test(heading) ? ['', '', ''] : levelsIn(heading);
    if (ls.length === 1) return ls[0] as Level;
    if (ls.length > 1) return null;
  }
  return null;
}

export function extractTargets(meta: DocumentMeta, clauses: Clause[]): Target[] {
  const byId = new Map(clauses.map((c) => [c.id, c]));
  const out: Target[] = [];
  const isBody = bodyFilter(clauses);
  for (const c of clauses) {
    if (!isBody(c) || c.kind === 'appendix') continue;
    const ctx: Context = { docId: c.docId, clauseId: c.id, schoolYear: meta.schoolYear, headingLevel: headingLevelOf(c, byId) };
    const found: Omit<Target, 'id'>[] = [];
    if (c.kind === 'row') found.push(...readRow(c, ctx));
    else {
      let sub: Level | null = null;
      const parent = { last: null as Parent | null };
      const all = pieces(c.text, { keepParentheses: true });
      for (const l of lines(c.text)) {
        const sh = SUBHEADING.exec(l.text);
        if (sh && onlyLevel(sh[1])) {
          sub = onlyLevel(sh[1]);
          parent.last = null;
          continue;
        }
        const label = LINE_LABEL.exec(l.text);
        const lineLevel = label ? onlyLevel(label[1].replace(/Trung học cơ sở/i, 'THCS').replace(/Trung học phổ thông/i, 'THPT')) : sub;
        for (const p of all.filter((s) => s.start >= l.start && s.end <= l.end)) found.push(...readPiece(p, ctx, lineLevel, parent));
      }
    }
    found.forEach((t, i) => out.push({ id: `${c.id}@t${i + 1}`, ...t }));
  }
  return out;
}
