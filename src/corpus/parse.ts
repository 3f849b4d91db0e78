// Logical lines → clause tree with stable ids (`<docId>#<path>`, see ARCHITECTURE.md and the
// README's "Clause ids" paragraph). Every non-blank source line lands in exactly one clause.
import type { Clause, ClauseKind } from './types.js';
import { layoutLines, superscriptToNumber, type LogicalLine } from './lines.js';
import {
  ARTICLE, CHAPTER, CLOSING, CLOSING_REMARK, DECIMAL, DECIMAL_NO_DOT, LETTER, ROMAN, SECTION,
  annexHeading, attachedPrefix, isAllCapsTitle, isAttachedType, isNumberedHeading, isSignerCell, isSignerLine, isUnitLine, letterPartHeading, opensBareSignature, partHeading,
} from './headings.js';
import { headerRowCount, rowContext, rowOrdinal, rowTitle, tableAt, tableLayout, type TableLayout } from './tables.js';

export { isAllCapsTitle } from './headings.js';

const HEADING_MAX = 150;

/** Short title from a heading line: the whole line when short, else its first phrase. */
export function shortHeading(rest: string): string {
  const t = rest.trim();
  if (t.length <= HEADING_MAX) return t.replace(/[.:;]$/, '');
  const cut = t.slice(0, HEADING_MAX);
  const stop = cut.search(/[.;:](\s|$)/);
  if (stop > 20) return cut.slice(0, stop);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 40 ? space : HEADING_MAX)}…`;
}

function sentenceCase(text: string): string {
  const lower = text.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

/** Legal bases, addressees and the header block: what a preamble is made of. */
const PREAMBLE_LINE = /^(#|Căn cứ|Xét\s|Theo đề nghị|Kính gửi|Số\s*:|V\/v\s)/i;

interface Draft {
  path: string;
  label: string;
  heading: string;
  kind: ClauseKind;
  parentPath: string | null;
  depth: number;
  body: LogicalLine[];
  /** The clause's text when it is one cell of a row (recipients, signer), not whole lines. */
  cellText?: string;
  /** The row line this clause shares with the clause that holds it (a signer cell). */
  sharedLine?: number;
  /** Unit line and header rows a table row repeats before its own line. */
  context?: string;
  rows: number;
  /** A Chương or Phần heading whose title is on the next line. */
  awaitsTitle?: boolean;
}

type Init = Pick<Draft, 'path' | 'label' | 'heading' | 'kind' | 'parentPath'> & Partial<Pick<Draft, 'cellText' | 'sharedLine' | 'context' | 'awaitsTitle'>>;

// "1. Mức thu học phí (ĐVT: nghìn đồng/học sinh/tháng):": the unit a row repeats is the unit, not the line's other words.
const UNIT_IN_LINE = /\(\s*((?:ĐVT|Đơn vị tính|Đơn vị)\s*:[^()]+)\)/iu;
const unitOf = (line: string) => UNIT_IN_LINE.exec(line)?.[1].trim() ?? line;

export function parseClauses(docId: string, normalizedLines: string[]): Clause[] {
  const { body, footnotes } = layoutLines(normalizedLines);
  const drafts: Draft[] = [];
  const byPath = new Map<string, Draft>();
  // An annex without a number takes the next one free ("PHỤ LỤC: BẢNG PHÂN CÔNG NHIỆM VỤ" is phu-luc-1).
  const annexPath = (n: string) => {
    if (n) return `phu-luc-${n}`;
    let k = 1;
    while (byPath.has(`phu-luc-${k}`)) k++;
    return `phu-luc-${k}`;
  };

  const open = (d: Init, line: LogicalLine | null): Draft => {
    let path = d.path;
    // Numbering repeated by mistake in the source: keep both, the second gets a suffix.
    for (let n = 2; byPath.has(path); n++) path = `${d.path}-${n}`;
    const depth = d.parentPath ? byPath.get(d.parentPath)!.depth + 1 : 1;
    const draft: Draft = { ...d, path, depth, body: line ? [line] : [], rows: 0 };
    drafts.push(draft);
    byPath.set(path, draft);
    return draft;
  };
  const join = (...parts: (string | null)[]) => parts.filter(Boolean).join('.');

  let current: Draft | null = null;
  let state: 'body' | 'closing' | 'appendix' = 'body';
  // The numbering chain in force. `prefix` names an attached text or the annex being read.
  let prefix: string | null = null;
  let part: string | null = null;
  /** The Phần in force: lettered parts under it are its own. */
  let phan: string | null = null;
  let chapter: string | null = null;
  let article: string | null = null;
  let roman: string | null = null;
  let lastNumbered: string | null = null; // deepest numbered path, parent of lettered items
  let appendixCount = 0;
  let appendix: Draft | null = null;
  let namedAppendix = false;
  let table: { owner: Draft; layout: TableLayout; header: Set<LogicalLine> } | null = null;
  const numbered = body.some((l) => !l.cells && isNumberedHeading(l.text));

  /** The header block (a table row, "Số: …", the motto or the addressees) is behind us. */
  let headerSeen = false;
  const HEADER_LINE = /^(Số\s*:|Kính gửi)|CỘNG HÒA/;
  const resetChain = (p: string | null) => {
    prefix = p;
    part = phan = chapter = article = roman = lastNumbered = null;
  };
  const nearestParent = (path: string): string | null => {
    const parts = path.split('.');
    for (let k = parts.length - 1; k > 0; k--) {
      const p = parts.slice(0, k).join('.');
      if (byPath.has(p)) return p;
    }
    return null;
  };
  /** After a title in capitals that follows the closing: what comes next decides what it is. */
  const attachedKind = (i: number): 'articles' | 'plan' | 'annex' => {
    const rest = body.slice(i + 1).filter((l) => !l.cells);
    const firstArticle = rest.findIndex((l) => ARTICLE.test(l.text) || CHAPTER.test(l.text));
    const firstRoman = rest.findIndex((l) => ROMAN.test(l.text));
    if (firstArticle >= 0 && (firstRoman < 0 || firstArticle < firstRoman)) return 'articles';
    return firstRoman >= 0 ? 'plan' : 'annex';
  };
  /** An attached text's type line ("QUY ĐỊNH") whose next article is "Điều 1" again. */
  const restartsArticles = (i: number): boolean => {
    if (!isAttachedType(body[i].text)) return false;
    const next = body.slice(i + 1).find((l) => !l.cells && (ARTICLE.test(l.text) || CHAPTER.test(l.text)));
    return !!next && (CHAPTER.test(next.text) || ARTICLE.exec(next.text)![1] === '1');
  };
  const openAnnex = (path: string, heading: string, line: LogicalLine, named: boolean, awaitsTitle = false) => {
    appendix = open({ path, label: '', heading, kind: 'appendix', parentPath: null, awaitsTitle }, line);
    current = appendix;
    state = 'appendix';
    namedAppendix = named;
    resetChain(appendix.path);
  };

  // An annex set inside the body (a task table before the signature) is followed by the plan's own closing.
  const closingAfterAnnex = () => state === 'appendix' && !byPath.has('closing') && !byPath.has('recipients') && !byPath.has('signature');

  /** A closing table row: "Nơi nhận: …" beside the signer, or an empty cell beside the signer. */
  const closingRow = (line: LogicalLine): boolean => {
    const cells = (line.cells ?? []).filter((c, k) => c || k === 0);
    const [left, ...right] = cells;
    const signer = right.join('\n').trim();
    if (/^Nơi nhận\s*:?/.test(left)) {
      current = open({ path: 'recipients', label: '', heading: 'Nơi nhận', kind: 'closing', parentPath: null, cellText: left }, line);
      if (signer) current = open({ path: 'signature', label: '', heading: 'Chữ ký', kind: 'closing', parentPath: null, cellText: signer, sharedLine: line.lines[0] }, null);
    } else if (!left && right.length === 1 && isSignerCell(signer)) {
      current = open({ path: 'signature', label: '', heading: 'Chữ ký', kind: 'closing', parentPath: null, cellText: signer }, line);
    } else return false;
    state = 'closing';
    table = null;
    return true;
  };

  const tableRow = (line: LogicalLine, i: number): void => {
    if (!table) {
      const rows = tableAt(body, i);
      // A lone row is layout (a form's signature box), not data: its cells stay text.
      const headerRows = rows.length > 1 ? rows.slice(0, headerRowCount(rows)) : rows;
      const before = body[i - 1];
      const unit = before && !before.cells && isUnitLine(before.text) ? unitOf(before.text) : null;
      table = { owner: current!, layout: tableLayout(headerRows, unit), header: new Set(headerRows) };
    }
    const { owner } = table;
    if (table.header.has(line)) {
      owner.body.push(line);
      return;
    }
    const cells = line.cells!;
    const n = ++owner.rows;
    const path = owner.kind === 'appendix' ? `${owner.path}.${n}` : `${owner.path}.row-${n}`;
    const context = rowContext(cells, table.layout);
    current = open({ path, label: rowOrdinal(cells), heading: shortHeading(rowTitle(cells)), kind: 'row', parentPath: owner.path, context: context || undefined }, line);
  };

  body.forEach((line, i) => {
    const t = line.text;
    let m: RegExpExecArray | null;
    // Judged on the lines before this one: a letter's body starts after its header block.
    const headerBehind = headerSeen;
    if (!headerSeen && (line.cells || HEADER_LINE.test(t))) headerSeen = true;

    if (!line.cells && table) {
      // A table ends at the first line that is not a row: text goes back to the table's owner.
      current = table.owner;
      table = null;
    }

    if (state === 'closing' || state === 'appendix') {
      const annex = line.cells ? null : annexHeading(t);
      if (annex) {
        openAnnex(annexPath(annex.n), shortHeading(t), line, true, !annex.rest);
        return;
      }
      if (isAllCapsTitle(t) && !isSignerLine(t) && (state === 'closing' || !namedAppendix)) {
        const kind = attachedKind(i);
        if (kind === 'annex') {
          openAnnex(`appendix-${++appendixCount}`, sentenceCase(t), line, false);
          return;
        }
        state = 'body';
        appendix = null;
        if (kind === 'plan') {
          current = open({ path: 'intro', label: '', heading: sentenceCase(t), kind: 'intro', parentPath: null }, line);
          resetChain(null);
        } else {
          // An attached regulation restarts its Điều numbering: its ids take its type as prefix.
          current = open({ path: attachedPrefix(t), label: '', heading: sentenceCase(t), kind: 'intro', parentPath: null }, line);
          resetChain(current.path);
        }
        return;
      }
      if (state === 'closing') {
        // A closing laid out as a table a row per line ("| - Sở GDĐT (b/c); | (Đã ký) |"): each row's
        // left cell goes on the recipients, the rest on the signature.
        const recipients = byPath.get('recipients');
        const signature = byPath.get('signature');
        // (A row whose right cell is empty has lost it with the line's trailing blanks: it is left cell alone.)
        if (recipients?.cellText !== undefined && signature?.cellText !== undefined && signature.sharedLine !== undefined) {
          const [left, ...right] = line.cells ?? [t];
          const signed = right.filter(Boolean).join('\n').trim();
          if (left.trim()) {
            recipients.cellText += `\n${left.trim()}`;
            recipients.body.push(line);
          }
          if (signed) {
            signature.cellText += `\n${signed}`;
            signature.body.push(line);
          }
          return;
        }
        current!.body.push(line);
        return;
      }
    }

    if (line.cells) {
      if ((state === 'body' || closingAfterAnnex()) && current && current.kind !== 'preamble' && closingRow(line)) return;
      if (current && current.kind !== 'preamble' && current.kind !== 'closing') {
        tableRow(line, i);
        return;
      }
      if (!current) current = open({ path: 'preamble', label: '', heading: 'Phần mở đầu', kind: 'preamble', parentPath: null }, line);
      else current.body.push(line);
      return;
    }

    // The closing opens at "Nơi nhận:", "TM."/"KT.", or a bare title with its signer's name under it.
    const closes = CLOSING.test(t) || opensBareSignature(t, body.slice(i + 1, i + 4).filter((l) => !l.cells).map((l) => l.text));
    if ((state === 'body' || closingAfterAnnex()) && closes && current && current.kind !== 'preamble') {
      state = 'closing';
      current = open({ path: 'closing', label: '', heading: 'Nơi nhận, chữ ký', kind: 'closing', parentPath: null }, line);
      return;
    }

    if (state === 'body' && current && current.kind !== 'preamble' && CLOSING_REMARK.test(t) && !byPath.has('ket-luan')) {
      current = open({ path: 'ket-luan', label: '', heading: 'Phần kết', kind: 'section', parentPath: null }, line);
      resetChain(prefix);
      return;
    }

    const annex = state === 'body' && current && current.kind !== 'preamble' ? annexHeading(t) : null;
    if (annex) {
      openAnnex(annexPath(annex.n), shortHeading(t), line, true, !annex.rest);
      return;
    }

    if (state === 'body' && article && isAllCapsTitle(t) && restartsArticles(i)) {
      // An attached regulation right after the decision's last article (no closing between).
      current = open({ path: attachedPrefix(t), label: '', heading: sentenceCase(t), kind: 'intro', parentPath: null }, line);
      resetChain(current.path);
      return;
    }

    const partH = partHeading(t);
    if (partH) {
      resetChain(prefix);
      part = phan = join(prefix, `phan-${partH.n}`);
      current = open({ path: part, label: `Phần ${partH.n}`, heading: shortHeading(partH.rest || t), kind: 'part', parentPath: prefix && byPath.has(prefix) ? prefix : null, awaitsTitle: !partH.rest }, line);
      return;
    }
    const letterPart = letterPartHeading(t);
    if (letterPart) {
      // "Phần II … A. Mục tiêu, B. Nhiệm vụ": the lettered parts are the Phần's.
      const owner = phan ?? prefix;
      resetChain(prefix);
      phan = owner === prefix ? null : owner;
      part = join(owner, letterPart.letter);
      current = open({ path: part, label: letterPart.letter, heading: shortHeading(letterPart.rest), kind: 'part', parentPath: owner && byPath.has(owner) ? owner : null }, line);
      return;
    }
    if ((m = CHAPTER.exec(t))) {
      const owner = part ?? prefix;
      article = roman = lastNumbered = null;
      chapter = join(prefix, `chuong-${m[1]}`);
      current = open({ path: chapter, label: `Chương ${m[1]}`, heading: shortHeading(m[2] || t), kind: 'part', parentPath: owner && byPath.has(owner) ? owner : null, awaitsTitle: !m[2] }, line);
      return;
    }
    if ((m = SECTION.exec(t)) && chapter) {
      article = roman = lastNumbered = null;
      const path = `${chapter.replace(/\.muc-[^.]+$/, '')}.muc-${m[1]}`;
      chapter = path;
      current = open({ path, label: `Mục ${m[1]}`, heading: shortHeading(m[2] || t), kind: 'part', parentPath: nearestParent(path), awaitsTitle: !m[2] }, line);
      return;
    }
    if ((m = ROMAN.exec(t))) {
      const owner = part ?? prefix;
      article = null;
      roman = join(owner, m[1]);
      lastNumbered = roman;
      current = open({ path: roman, label: m[1], heading: shortHeading(m[2]), kind: 'part', parentPath: owner && byPath.has(owner) ? owner : null }, line);
      return;
    }
    if ((m = ARTICLE.exec(t))) {
      const owner = chapter ?? part ?? prefix;
      roman = null;
      article = join(prefix, `dieu-${m[1]}`);
      current = open({ path: article, label: `Điều ${m[1]}`, heading: shortHeading(m[2] || `Điều ${m[1]}`), kind: 'article', parentPath: owner && byPath.has(owner) ? owner : null }, line);
      lastNumbered = current.path;
      return;
    }
    if ((m = DECIMAL.exec(t) ?? DECIMAL_NO_DOT.exec(t))) {
      const base = article ?? roman ?? part ?? prefix;
      const path = join(base, m[1]);
      current = open({ path, label: m[1], heading: shortHeading(m[2]), kind: 'section', parentPath: nearestParent(path) }, line);
      lastNumbered = current.path;
      return;
    }
    if ((m = LETTER.exec(t)) && lastNumbered) {
      const parentPath = lastNumbered;
      current = open({ path: `${parentPath}.${m[1]}`, label: m[1], heading: shortHeading(m[2]), kind: 'item', parentPath }, line);
      return;
    }
    if (!current) {
      current = open({ path: 'preamble', label: '', heading: 'Phần mở đầu', kind: 'preamble', parentPath: null }, line);
      return;
    }
    if (current.kind === 'preamble' && !numbered && headerBehind && !PREAMBLE_LINE.test(t) && !isAllCapsTitle(t) && !(t.length < 40 && /:$/.test(t))) {
      // A letter of plain paragraphs: what follows its header and addressees is its body.
      current = open({ path: 'body', label: '', heading: 'Nội dung', kind: 'section', parentPath: null }, line);
      return;
    }
    if (current.awaitsTitle && current.kind === 'appendix') {
      // "Phụ lục số 2" then its title in capitals, after any motto or date line of a form.
      if (isAllCapsTitle(t) && !/CỘNG HÒA|ĐỘC LẬP/i.test(t)) {
        current.heading = shortHeading(`${current.heading}. ${sentenceCase(t)}`);
        current.awaitsTitle = false;
      }
      current.body.push(line);
      return;
    }
    if (current.awaitsTitle && isAllCapsTitle(t)) current.heading = shortHeading(t);
    current.awaitsTitle = false;
    current.body.push(line);
  });

  for (const { mark, line } of footnotes) {
    const n = superscriptToNumber(mark);
    open({ path: `footnote-${n}`, label: mark, heading: `Chú thích ${n}`, kind: 'footnote', parentPath: null }, line);
  }

  return drafts.map((d, order) => {
    const lines = d.body.flatMap((l) => l.lines);
    const span = d.sharedLine !== undefined ? [d.sharedLine, ...lines] : lines;
    const own = d.cellText ?? d.body.map((l) => l.text).join('\n');
    return {
      id: `${docId}#${d.path}`,
      docId,
      path: d.path,
      label: d.label,
      heading: d.heading,
      // The row's own line first (what reads the row takes the first line), its table's context after.
      text: d.context ? `${own}\n${d.context}` : own,
      ...(d.context ? { context: d.context } : {}),
      kind: d.kind,
      parentId: d.parentPath ? `${docId}#${d.parentPath}` : null,
      order,
      depth: d.depth,
      lineStart: Math.min(...span),
      lineEnd: Math.max(...span),
      lines,
    };
  });
}
