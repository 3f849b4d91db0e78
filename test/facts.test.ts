// Facts of the five real plans: targets, agencies and responsibilities, deadlines; their
// quotes; the gold deadline list; and the facts in a real SQLite store (temp folder), written
// by the real indexer: filters, cascade on removal, stable ids, and the upgrade of an index
// built before facts existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeText } from '../src/corpus/normalize.js';
import { parseClauses } from '../src/corpus/parse.js';
import { extractMetadata } from '../src/corpus/metadata.js';
import type { Clause, DocumentMeta } from '../src/corpus/types.js';
import { extractFacts, FACTS_VERSION, type PlanFacts } from '../src/facts/index.js';
import { agencyKey, agencyMatches } from '../src/facts/agencies.js';
import { scoreDeadlines, type GoldDeadline } from '../src/facts/scoreDeadlines.js';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { HONG_BANG_AGENCIES } from './helpers/expected.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = path.join(REPO, 'corpus');
const DOC_IDS = ['ca-mau-2020-2021', 'hong-bang-2023-2024', 'muong-te-2022-2023', 'thanh-xuan-2021-2022', 'tp-hcm-2023-2024'];
const HB = 'hong-bang-2023-2024';
const TX = 'thanh-xuan-2021-2022';
const MT = 'muong-te-2022-2023';
const HCM = 'tp-hcm-2023-2024';

interface Plan {
  meta: DocumentMeta;
  clauses: Clause[];
  facts: PlanFacts;
  text: (clauseId: string) => string;
}

function load(docId: string): Plan {
  const lines = normalizeText(readFileSync(path.join(CORPUS, `${docId}.txt`), 'utf8'));
  const meta = extractMetadata(docId, lines);
  const clauses = parseClauses(docId, lines);
  const byId = new Map(clauses.map((c) => [c.id, c]));
  return { meta, clauses, facts: extractFacts({ meta, clauses }), text: (id) => byId.get(id)!.text };
}
const plans = Object.fromEntries(DOC_IDS.map((id) => [id, load(id)])) as Record<string, Plan>;
const all = <K extends 'targets' | 'deadlines' | 'responsibilities'>(k: K) => DOC_IDS.flatMap((id) => plans[id].facts[k] as PlanFacts[K]);

describe('every fact is tied to its clause', () => {
  it('quotes a verbatim substring of an existing clause, with unique ids', () => {
    for (const id of DOC_IDS) {
      const p = plans[id];
      const ids = new Set(p.clauses.map((c) => c.id));
      for (const f of [...p.facts.targets, ...p.facts.deadlines, ...p.facts.responsibilities]) {
        expect(ids.has(f.clauseId), f.id).toBe(true);
        expect(f.quote.length, f.id).toBeGreaterThan(0);
        expect(p.text(f.clauseId).includes(f.quote), `${f.id}: ${f.quote}`).toBe(true);
      }
      for (const list of [p.facts.targets, p.facts.deadlines, p.facts.responsibilities]) {
        const fids = list.map((f) => f.id);
        expect(new Set(fids).size).toBe(fids.length);
      }
    }
  });
  it('gives the same ids when an unchanged document is extracted again', () => {
    for (const id of DOC_IDS) {
      const again = load(id).facts;
      expect(again.deadlines.map((d) => d.id)).toEqual(plans[id].facts.deadlines.map((d) => d.id));
      expect(again.targets.map((d) => d.id)).toEqual(plans[id].facts.targets.map((d) => d.id));
      expect(again.responsibilities.map((d) => d.id)).toEqual(plans[id].facts.responsibilities.map((d) => d.id));
    }
    expect(plans[HB].facts.deadlines.every((d) => new RegExp(`^${d.clauseId.replace(/[.#]/g, '\\$&')}@\\d+$`).test(d.id))).toBe(true);
  });
});

describe('targets', () => {
  const targets = all('targets');
  it('reads Hồng Bàng "Tỷ lệ trẻ suy dinh dưỡng dưới 1%"', () => {
    const t = targets.find((x) => x.clauseId === `${HB}#III.1.1` && /suy dinh dưỡng/.test(x.indicator));
    expect(t).toMatchObject({ indicator: 'Tỷ lệ trẻ suy dinh dưỡng', comparator: 'dưới', value: '1%', number: 1, unit: '%', level: 'mầm non', subgroup: null, schoolYear: '2023-2024' });
  });
  it('reads the levels of Hồng Bàng §III.2.1 from its sub-headings', () => {
    const in21 = targets.filter((x) => x.clauseId === `${HB}#III.2.1`);
    expect(in21.find((x) => x.value === '99,5%')).toMatchObject({ indicator: 'Tỷ lệ học sinh hoàn thành chương trình lớp học', comparator: 'đạt', number: 99.5, level: 'tiểu học' });
    expect(in21.find((x) => x.value === '0,1%')).toMatchObject({ indicator: 'Tỷ lệ học sinh bỏ học', comparator: 'dưới', number: 0.1, level: 'THCS' });
    expect(in21.find((x) => x.value === '99,8%')).toMatchObject({ comparator: 'trên', level: 'THCS' });
    expect(in21.find((x) => x.value === '01 trường')).toMatchObject({ number: 1, unit: 'trường', level: 'tiểu học' });
  });
  it('reads Mường Tè "vùng khó 22,6% trở lên" as its own target for the sub-group', () => {
    const t = targets.find((x) => x.clauseId === `${MT}#II.2.1.a` && x.value === '22,6%');
    expect(t).toMatchObject({ subgroup: 'vùng khó', comparator: 'trở lên', number: 22.6, level: 'mầm non', indicator: 'Huy động trẻ nhà trẻ ra lớp' });
    expect(targets.find((x) => x.clauseId === `${MT}#II.2.1.a` && x.value === '24%')).toMatchObject({ subgroup: null, comparator: 'trên', indicator: 'Huy động trẻ nhà trẻ ra lớp' });
    expect(targets.find((x) => x.clauseId === `${MT}#II.2.1.b` && x.value === '3-5%')).toMatchObject({ comparator: 'giảm … so với', number: 3, numberMax: 5 });
    expect(targets.find((x) => x.clauseId === `${MT}#II.2.2.3.a` && x.value === '2,4%')).toMatchObject({ level: 'THPT', comparator: 'dưới' });
    expect(targets.find((x) => x.clauseId === `${MT}#II.2.2.3.b` && x.value === '75%')).toMatchObject({ level: 'GDTX', subgroup: 'Khá, Tốt' });
  });
  it('reads the Thanh Xuân appendix table, row by row', () => {
    const rows = targets.filter((x) => x.clauseId.startsWith(`${TX}#appendix-1.`));
    const byRow = new Set(rows.map((r) => r.clauseId));
    expect(byRow.size).toBe(12);
    expect(rows.find((x) => x.clauseId === `${TX}#appendix-1.7`)).toMatchObject({ indicator: 'Giảm tỉ lệ trẻ MN suy dinh dưỡng', comparator: 'dưới', value: '1,5%', number: 1.5, level: 'mầm non' });
    const row9 = rows.filter((x) => x.clauseId === `${TX}#appendix-1.9`);
    expect(row9.map((r) => [r.subgroup, r.value, r.level])).toEqual([
      ['Tiểu học', '100%', 'tiểu học'],
      ['THCS', '65%', 'THCS'],
    ]);
    expect(rows.find((x) => x.clauseId === `${TX}#appendix-1.1`)).toMatchObject({ value: 'Tốp “đầu”', number: null });
  });
});

describe('agencies and responsibilities', () => {
  it('finds the twelve agencies of Hồng Bàng §IV', () => {
    const sections = plans[HB].facts.agencies.filter((a) => a.source === 'section');
    expect(sections.map((a) => a.name)).toEqual(HONG_BANG_AGENCIES);
    expect(sections.map((a) => a.clauseId)).toEqual(Array.from({ length: 12 }, (_, i) => `${HB}#IV.${i + 1}`));
    expect(sections[3].members).toEqual(['Phòng Y tế', 'Trung tâm Y tế quận']);
  });
  it('gives Công an quận the duty of school security, in cooperation with Phòng GD&ĐT', () => {
    const rs = plans[HB].facts.responsibilities.filter((r) => agencyMatches('Công an quận', [r.agencyKey, ...r.memberKeys]));
    expect(rs.length).toBeGreaterThan(0);
    expect(rs.every((r) => r.clauseId === `${HB}#IV.9`)).toBe(true);
    expect(rs.some((r) => r.quote.includes('đảm bảo an ninh an toàn trường học'))).toBe(true);
    expect(rs[0]).toMatchObject({ role: 'phối hợp', partners: ['Phòng Giáo dục và Đào tạo'] });
  });
  it('reads roles: chủ trì, phối hợp, thực hiện', () => {
    const hb = plans[HB].facts.responsibilities;
    expect(hb.find((r) => r.clauseId === `${HB}#IV.7` && /^Chủ trì/.test(r.duty))).toMatchObject({ role: 'chủ trì', agency: 'Phòng Lao động - Thương binh và Xã hội' });
    expect(hb.find((r) => r.clauseId === `${HB}#IV.2`)).toMatchObject({ role: 'thực hiện' });
    const mt = plans[MT].facts.responsibilities.find((r) => r.clauseId === `${MT}#IV.1`);
    expect(mt).toMatchObject({ agency: 'Phòng Giáo dục và Đào tạo huyện', role: 'chủ trì' });
  });
  it('reads agencies named in list items and in "Giao …" sentences', () => {
    const tx = plans[TX].facts.agencies.filter((a) => a.source === 'bullet').map((a) => a.name);
    expect(tx).toContain('Phòng Tư pháp');
    expect(tx).toContain('Ban Tổ chức Quận ủy');
    const hcm = plans[HCM].facts.agencies.find((a) => a.name.startsWith('Sở Xây dựng'));
    expect(hcm?.members).toEqual(['Sở Xây dựng', 'Sở Kế hoạch và Đầu tư', 'Sở Quy hoạch - Kiến trúc']);
    const giao = plans[TX].facts.responsibilities.find((r) => r.clauseId === `${TX}#II.3.1.2` && r.source === 'assignment');
    expect(giao).toMatchObject({ agency: 'phòng GDĐT' });
    expect(agencyKey(giao!.agency)).toBe(agencyKey('Phòng Giáo dục và Đào tạo'));
  });
  it('normalizes agency names and aliases', () => {
    const gddt = agencyKey('Phòng Giáo dục và Đào tạo');
    expect(['Phòng GD&ĐT', 'Phòng GDĐT', 'phòng Giáo dục và Đào tạo', 'PGD&ĐT', 'Phòng GD - ĐT'.replace(' - ', '-')].map(agencyKey)).toEqual([gddt, gddt, gddt, gddt, gddt]);
    expect(agencyKey('Tài chính - Kế hoạch')).toBe(agencyKey('Phòng Tài chính - Kế hoạch'));
    expect(agencyKey('UBND 9 phường')).toBe(agencyKey('Ủy ban nhân dân 11 phường'));
    expect(agencyKey('UBND phường')).toBe(agencyKey('UBND 9 phường'));
    expect(agencyKey('Phòng Văn hóa - Thông tin')).toBe(agencyKey('Phòng Văn hóa và Thông tin'));
    expect(agencyKey('Giám đốc Sở Giáo dục và Đào tạo')).toBe(agencyKey('Sở GD&ĐT'));
    expect(agencyMatches('cong an', [agencyKey('Công an quận')])).toBe(true);
    expect(agencyMatches('Công an', [agencyKey('Công an Thành phố')])).toBe(true);
    expect(agencyMatches('Công an quận', [agencyKey('Công an Thành phố')])).toBe(false);
    expect(agencyMatches('tai chinh', [agencyKey('Phòng Tài chính - Kế hoạch')])).toBe(true);
    expect(agencyMatches('Phòng GD&ĐT', [agencyKey('Các trường trực thuộc Phòng GD&ĐT')])).toBe(false);
  });
});

describe('deadlines', () => {
  const deadlines = all('deadlines');
  it('reads Hồng Bàng "… đạt chuẩn Quốc gia vào cuối năm 2023" as due in December 2023', () => {
    const d = deadlines.find((x) => /Bạch Đằng/.test(x.task));
    expect(d).toMatchObject({ clauseId: `${HB}#III.1.2`, due: '2023-12', precision: 'month', dueLast: '2023-12-31', kind: 'deadline', dateText: 'vào cuối năm 2023' });
    expect(d!.quote).toBe('Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023.');
  });
  it('reads the three report deadlines of TP.HCM §III.4 with the agency of the section', () => {
    const ds = deadlines.filter((x) => x.clauseId === `${HCM}#III.4`);
    expect(ds.map((d) => [d.due, d.kind, d.precision])).toEqual([
      ['2023-09-10', 'deadline', 'day'],
      ['2024-01-15', 'deadline', 'day'],
      ['2024-06-15', 'deadline', 'day'],
    ]);
    expect(new Set(ds.map((d) => d.responsible))).toEqual(new Set(['Cơ sở giáo dục trên địa bàn Thành phố']));
    expect(ds[1].task).toBe('báo cáo sơ kết thực hiện nhiệm vụ trước ngày 15 tháng 01 năm 2024');
  });
  it('names the agency a sentence or section gives the task to', () => {
    expect(deadlines.find((x) => x.clauseId === `${HCM}#II.6`)).toMatchObject({ responsible: 'Sở Giáo dục và Đào tạo', kind: 'school_year_task', due: '2023-2024' });
    expect(deadlines.find((x) => x.clauseId === `${HB}#IV.6`)).toMatchObject({ responsible: 'Phòng Văn hóa - Thông tin, Trung tâm VH-TT quận', kind: 'scheduled_event', due: '2024' });
    expect(deadlines.find((x) => x.clauseId === `${HB}#III.1.2` && x.due === '2023-12')!.responsible).toBeNull();
  });
  it('keeps programme periods apart', () => {
    const periods = deadlines.filter((d) => d.kind === 'programme_period');
    expect(periods.length).toBeGreaterThan(20);
    expect(periods.every((d) => /^\d{4}\/\d{4}$/.test(d.due!))).toBe(true);
  });
  it('quotes no legal document\'s date, nor the plan\'s own signing date', () => {
    // Every "… <code> ngày D/M/Y" and "<code> ngày D tháng M năm Y" in the corpus: a cited document's date.
    const legal = new Set<string>();
    for (const id of DOC_IDS) {
      const text = readFileSync(path.join(CORPUS, `${id}.txt`), 'utf8');
      for (const m of text.matchAll(/\/\s*[\p{L}\d&.\-/]+,?\s+ngày\s+(\d{1,2})\s*(?:\/|tháng)\s*(\d{1,2})\s*(?:\/|năm)\s*(\d{4})/gu)) {
        legal.add(`${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`);
      }
    }
    expect(legal.size).toBeGreaterThan(30);
    for (const id of DOC_IDS) {
      const signed = plans[id].meta.signed;
      for (const d of plans[id].facts.deadlines) {
        if (d.precision === 'day') expect(legal.has(d.due!), `${d.id} ${d.dateText}`).toBe(false);
        if (signed?.precision === 'day') expect(d.due, d.id).not.toBe(signed.iso);
        expect(d.dateText, d.id).not.toMatch(/^ngày \d+\/\d+\/\d{4}$/); // bare document-style dates never survive here
        expect(plans[id].clauses.find((c) => c.id === d.clauseId)!.kind, d.id).not.toMatch(/^(preamble|footnote|closing|intro|article)$/);
      }
    }
  });
});

describe('the gold deadline list', () => {
  const gold = JSON.parse(readFileSync(path.join(REPO, 'test', 'eval', 'deadlines.gold.json'), 'utf8')).items as GoldDeadline[];
  it('names clauses that exist and quotes them', () => {
    for (const g of gold) {
      const p = plans[g.docId];
      expect(p.clauses.some((c) => c.id === g.clauseId), g.clauseId).toBe(true);
      for (const part of (g.quote ?? '').split('…').map((s) => s.trim()).filter(Boolean)) expect(p.text(g.clauseId).includes(part), `${g.clauseId}: ${part}`).toBe(true);
    }
  });
  it('is matched with recall ≥ 0.9 at precision ≥ 0.9', () => {
    const s = scoreDeadlines(gold, all('deadlines'));
    console.log(`deadlines vs gold: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} (${s.truePositives}/${s.gold} gold, ${s.extracted} extracted)`, s.falsePositives, s.falseNegatives);
    expect(s.gold).toBe(33);
    expect(s.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.recall).toBeGreaterThanOrEqual(0.9);
  });
  it('scores by clause, due and kind', () => {
    const g: GoldDeadline[] = [
      { docId: 'x', clauseId: 'x#1', due: '2023', kind: 'deadline' },
      { docId: 'x', clauseId: 'x#2', due: '2024', kind: 'deadline' },
    ];
    const s = scoreDeadlines(g, [
      { clauseId: 'x#1', due: '2023', kind: 'deadline' },
      { clauseId: 'x#2', due: '2024', kind: 'scheduled_event' },
      { clauseId: 'x#3', due: '2021/2025', kind: 'programme_period' },
    ]);
    expect(s).toMatchObject({ precision: 0.5, recall: 0.5, truePositives: 1, falseNegatives: ['x#2 | 2024 | deadline'], falsePositives: ['x#2 | 2024 | scheduled_event'] });
  });
});

// ---------------------------------------------------------------- the store

const tmpDirs: string[] = [];
afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('facts in the store', () => {
  let home: string;
  let store: Store;
  const index = () => indexCorpus(store, { corpusDir: path.join(home, 'corpus'), indexDir: path.join(home, 'index'), embedder: null });

  beforeAll(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'planbot-facts-'));
    tmpDirs.push(home);
    await cp(CORPUS, path.join(home, 'corpus'), { recursive: true });
    store = await Store.open(path.join(home, 'index', 'planbot.db'), { create: true });
    await index();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('stores every extracted fact at index time', async () => {
    for (const id of DOC_IDS) {
      const f = plans[id].facts;
      expect((await store.facts.listDeadlines({ docId: id })).map((d) => d.id)).toEqual(
        [...f.deadlines].sort((a, b) => (a.dueLast ?? '').localeCompare(b.dueLast ?? '') || f.deadlines.indexOf(a) - f.deadlines.indexOf(b)).map((d) => d.id),
      );
      expect(await store.facts.listTargets({ docId: id })).toEqual(f.targets);
      expect(await store.facts.listResponsibilities({ docId: id })).toEqual(f.responsibilities);
      expect(await store.facts.versionOf(id)).toBe(FACTS_VERSION);
    }
  });

  it('writes a plan with more facts than one INSERT holds (batches of 200), all of them in order', async () => {
    const f = plans[MT].facts;
    const times = <T extends { id: string }>(xs: T[], n: number) => Array.from({ length: n }, (_, k) => xs.map((x) => ({ ...x, id: `${x.id}~${k}` }))).flat();
    const many: PlanFacts = { ...f, targets: times(f.targets, 4), responsibilities: times(f.responsibilities, 50), deadlines: times(f.deadlines, 13) };
    expect(Math.min(many.targets.length, many.responsibilities.length, many.deadlines.length)).toBeGreaterThan(200);
    try {
      await store.replaceFacts(many);
      expect(await store.facts.listTargets({ docId: MT })).toEqual(many.targets);
      expect(await store.facts.listResponsibilities({ docId: MT })).toEqual(many.responsibilities);
      expect((await store.facts.listDeadlines({ docId: MT })).length).toBe(many.deadlines.length);
    } finally {
      await store.replaceFacts(f);
    }
    expect(await store.facts.listTargets({ docId: MT })).toEqual(f.targets);
  });

  it('filters deadlines by due window, agency, plan and kind', async () => {
    const window = await store.facts.listDeadlines({ from: '2023-09-01', to: '2023-12-31' });
    expect(window.length).toBeGreaterThan(0);
    expect(window.every((d) => d.dueLast! >= '2023-09-01' && d.dueLast! <= '2023-12-31')).toBe(true);
    expect(window.map((d) => d.dueLast)).toEqual([...window.map((d) => d.dueLast)].sort());
    const schools = await store.facts.listDeadlines({ agency: 'cơ sở giáo dục' });
    expect(schools.map((d) => d.due)).toEqual(['2023-09-10', '2024-01-15', '2024-06-15']);
    expect(await store.facts.listDeadlines({ agency: 'Công an quận' })).toEqual([]);
    const hb = await store.facts.listDeadlines({ docId: HB, kinds: ['deadline'] });
    expect(hb.map((d) => d.due)).toEqual(['2023', '2023', '2023-12', '2023']);
  });

  it('answers "who is responsible for school security?" by agency', async () => {
    const rs = await store.facts.listResponsibilities({ agency: 'cong an', docId: HB });
    expect(rs.map((r) => r.clauseId)).toEqual([`${HB}#IV.9`]);
    const all = await store.facts.listResponsibilities({ agency: 'Công an' });
    expect(new Set(all.map((r) => r.docId))).toEqual(new Set([HB, TX, HCM]));
    expect((await store.facts.listTargets({ docId: HB, level: 'mầm non' })).some((t) => t.value === '1%')).toBe(true);
    expect((await store.facts.listAgencies(HB)).length).toBeGreaterThanOrEqual(12);
  });

  it('keeps ids when re-indexing, and replaces the facts of a changed plan with it', async () => {
    const before = await store.facts.listDeadlines({ docId: HB, kinds: ['deadline', 'school_year_task', 'scheduled_event', 'recurring', 'programme_period'] });
    const file = path.join(home, 'corpus', `${TX}.txt`);
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace('Dưới 1,5%', 'Dưới 1,2%'));
    const s = await index();
    expect(s.changed).toEqual([TX]);
    expect((await store.facts.listTargets({ docId: TX })).find((t) => t.clauseId === `${TX}#appendix-1.7`)).toMatchObject({ value: '1,2%', number: 1.2 });
    const after = await store.facts.listDeadlines({ docId: HB, kinds: ['deadline', 'school_year_task', 'scheduled_event', 'recurring', 'programme_period'] });
    expect(after).toEqual(before);
    await writeFile(file, original);
    await index();
  });

  it('removes the facts of a removed plan with it', async () => {
    const file = path.join(home, 'corpus', `${MT}.txt`);
    const kept = await readFile(file);
    await rm(file);
    const s = await index();
    expect(s.removed).toEqual([MT]);
    for (const t of ['fact_deadlines', 'fact_targets', 'fact_responsibilities', 'fact_docs']) {
      const r = await store.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${t} WHERE doc_id = ?`, [MT]);
      expect(r!.n, t).toBe(0);
    }
    await writeFile(file, kept);
    expect((await index()).added).toEqual([MT]);
    expect((await store.facts.listTargets({ docId: MT })).length).toBe(plans[MT].facts.targets.length);
  });

  it('fills in the facts of an index built before they existed (schema 1), with its clauses left as they are', async () => {
    await store.close();
    const dbPath = path.join(home, 'index', 'planbot.db');
    const { Db } = await import('../src/store/db.js');
    const db = await Db.open(dbPath);
    // Back to schema 1: every table a later migration added goes.
    const schema1 = /^(documents|clauses|clause_fts.*|index_errors|settings|sqlite_.*)$/;
    const tables = await db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
    for (const t of tables.filter((x) => !schema1.test(x.name))) await db.exec(`DROP TABLE IF EXISTS "${t.name}"`);
    // …and every column a later migration added to a schema-1 table (formats and versions, schema 6;
    // header metadata, schema 9; OCR, schema 13).
    const later = ['format', 'received_at', 'superseded_by', 'doc_kind', 'issuer_level', 'issuer_type', 'enclosing_number', 'period', 'signer', 'meta_version', 'ocr'];
    for (const c of later) await db.exec(`ALTER TABLE documents DROP COLUMN ${c}`);
    for (const c of ['page', 'ocr_confidence']) await db.exec(`ALTER TABLE clauses DROP COLUMN ${c}`);
    // …and every index a later migration added to a schema-1 table (clause lookups, schema 11).
    for (const i of ['clauses_lower_id', 'clauses_lower_path']) await db.exec(`DROP INDEX IF EXISTS ${i}`);
    await db.exec('PRAGMA user_version = 1;');
    await db.close();
    store = await Store.open(dbPath, { create: false });
    expect(await store.facts.listDeadlines()).toEqual([]);
    const s = await index();
    expect(s.unchanged.sort()).toEqual([...DOC_IDS].sort());
    expect((await store.facts.listDeadlines({ docId: HB })).length).toBe(plans[HB].facts.deadlines.length);
    expect(await store.facts.versionOf(HCM)).toBe(FACTS_VERSION);
  });
});
