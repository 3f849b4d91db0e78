// Word's automatic numbering (word/numbering.xml) turned back into the labels a reader sees:
// "1.", "1.1.", "a)", "II.". A numbered paragraph names a list (numId) and a level (ilvl);
// the list points at an abstract definition whose levels give the start, the number format
// and the label template ("%1.%2."). Counters run per abstract list, deeper levels restart
// when a shallower one advances, and a list instance with a start override restarts.
import { walkXml } from './xml.js';

interface Level {
  start: number;
  format: string;
  text: string;
  /** "Legal" numbering: every level shown in decimal. */
  legal: boolean;
  /** Restart after this (1-based) level advances; 0 = never; undefined = after any shallower level. */
  restart?: number;
}

interface ListInstance {
  abstractId: string;
  startOverrides: Map<number, number>;
}

export interface ParagraphNumbering {
  numId: string;
  ilvl: number;
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) for (; n >= v; n -= v) out += s;
  return out;
}

function letters(n: number): string {
  // Word repeats the letter past z: 27 → "aa".
  const ch = String.fromCharCode(97 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

export function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'none':
      return '';
    default:
      return String(n);
  }
}

export class WordNumbering {
  private abstracts = new Map<string, Map<number, Level>>();
  private lists = new Map<string, ListInstance>();
  private counters = new Map<string, number[]>();
  private started = new Set<string>();

  constructor(numberingXml: string | null, namespaces: string[]) {
    if (numberingXml) this.read(numberingXml, namespaces);
  }

  private read(xml: string, ns: string[]): void {
    let abstract: Map<number, Level> | null = null;
    let level: Level | null = null;
    let list: ListInstance | null = null;
    let numId: string | null = null;
    let overrideLevel: number | null = null;
    walkXml(xml, ns, {
      open: (name, attr) => {
        const val = attr('val');
        if (name === 'abstractNum') this.abstracts.set(attr('abstractNumId') ?? '', (abstract = new Map()));
        else if (name === 'lvl' && abstract) abstract.set(Number(attr('ilvl') ?? 0), (level = { start: 1, format: 'decimal', text: '', legal: false }));
        else if (level && name === 'start') level.start = Number(val ?? 1);
        else if (level && name === 'numFmt') level.format = val ?? 'decimal';
        else if (level && name === 'lvlText') level.text = val ?? '';
        else if (level && name === 'isLgl') level.legal = val !== '0' && val !== 'false';
        else if (level && name === 'lvlRestart') level.restart = Number(val ?? 0);
        else if (name === 'num') {
          numId = attr('numId') ?? '';
          list = { abstractId: '', startOverrides: new Map() };
        } else if (list && name === 'abstractNumId') list.abstractId = val ?? '';
        else if (list && name === 'lvlOverride') overrideLevel = Number(attr('ilvl') ?? 0);
        else if (list && overrideLevel !== null && name === 'startOverride') list.startOverrides.set(overrideLevel, Number(val ?? 1));
      },
      close: (name) => {
        if (name === 'abstractNum') abstract = null;
        else if (name === 'lvl') level = null;
        else if (name === 'lvlOverride') overrideLevel = null;
        else if (name === 'num' && list && numId !== null) {
          this.lists.set(numId, list);
          list = null;
        }
      },
    });
  }

  /** The label of the next paragraph of this list at this level ("1.2.", "a)", "-" for bullets), advancing the counters. */
  next(p: ParagraphNumbering): string | null {
    const list = this.lists.get(p.numId);
    const levels = list && this.abstracts.get(list.abstractId);
    const lvl = levels?.get(p.ilvl);
    if (!list || !levels || !lvl) return null; // numId 0 and dangling ids: not numbered
    const key = list.abstractId;
    let counts = this.counters.get(key);
    if (!counts) this.counters.set(key, (counts = []));
    if (!this.started.has(p.numId)) {
      // A list instance with start overrides begins again from them.
      this.started.add(p.numId);
      for (const [l, start] of list.startOverrides) {
        counts[l] = start - 1;
        counts.length = Math.min(counts.length, l + 1);
      }
    }
    counts[p.ilvl] = counts[p.ilvl] === undefined ? lvl.start : counts[p.ilvl] + 1;
    for (let deeper = p.ilvl + 1; deeper < counts.length; deeper++) {
      const restart = levels.get(deeper)?.restart;
      if (restart === 0) continue;
      if (restart === undefined || restart > p.ilvl) counts[deeper] = undefined as unknown as number;
    }
    if (lvl.format === 'bullet') return '-';
    return lvl.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      const def = levels.get(l);
      const n = counts![l] ?? def?.start ?? 1;
      return formatNumber(n, lvl.legal ? 'decimal' : (def?.format ?? 'decimal'));
    });
  }
}

/** Paragraph styles that carry numbering (headings numbered through their style), with basedOn. */
export class WordStyles {
  private styles = new Map<string, { numId?: string; ilvl?: number; basedOn?: string }>();

  constructor(stylesXml: string | null, namespaces: string[]) {
    if (!stylesXml) return;
    let current: { numId?: string; ilvl?: number; basedOn?: string } | null = null;
    let inPPr = false;
    walkXml(stylesXml, namespaces, {
      open: (name, attr) => {
        if (name === 'style' && attr('type') === 'paragraph') this.styles.set(attr('styleId') ?? '', (current = {}));
        else if (current && name === 'basedOn') current.basedOn = attr('val');
        else if (current && name === 'pPr') inPPr = true;
        else if (current && inPPr && name === 'numId') current.numId = attr('val');
        else if (current && inPPr && name === 'ilvl') current.ilvl = Number(attr('val') ?? 0);
      },
      close: (name) => {
        if (name === 'style') current = null;
        else if (name === 'pPr') inPPr = false;
      },
    });
  }

  numberingOf(styleId: string): { numId?: string; ilvl?: number } {
    const out: { numId?: string; ilvl?: number } = {};
    for (let s = this.styles.get(styleId), hops = 0; s && hops < 20; s = s.basedOn ? this.styles.get(s.basedOn) : undefined, hops++) {
      out.numId ??= s.numId;
      out.ilvl ??= s.ilvl;
    }
    return out;
  }
}
