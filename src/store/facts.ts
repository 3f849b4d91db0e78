// The facts repository: targets, responsibilities and deadlines of each plan (src/facts), stored
// beside its clauses. Written inside the caller's transaction (Store.replaceDocument or
// Store.replaceFacts); queried by the commands, the answer composers and the reminder planner.
import type { Db } from './db.js';
import type { Deadline, DeadlineKind, PlanFacts, Responsibility, Role, Target, Level, Comparator, DatePrecision } from '../facts/index.js';
import { agencyKey, keyMatches } from '../facts/agencies.js';

export interface DeadlineQuery {
  /** Inclusive bounds on the last day of the due period, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** An agency name as a user writes it ("Công an quận", "cong an", "Phòng GDĐT"). */
  agency?: string;
  docId?: string;
  kinds?: DeadlineKind[];
}

export interface ClauseFacts {
  targets: Target[];
  responsibilities: Responsibility[];
  deadlines: Deadline[];
}

export interface TargetQuery {
  docId?: string;
  level?: Level;
}

export interface ResponsibilityQuery {
  agency?: string;
  docId?: string;
  role?: Role;
}

/** Facts of a superseded version of a plan are listed only when that document is asked for by id. */
const CURRENT_VERSIONS_ONLY = 'doc_id NOT IN (SELECT doc_id FROM documents WHERE superseded_by IS NOT NULL)';

interface DeadlineRecord {
  id: string;
  doc_id: string;
  clause_id: string;
  task: string;
  responsible: string | null;
  responsible_keys: string;
  due: string | null;
  due_last: string | null;
  precision: string | null;
  kind: string;
  recurrence: string | null;
  date_text: string;
  quote: string;
  detail: string | null;
}

/** The optional fields of a deadline, stored together as JSON (NULL when there are none). */
type DeadlineDetail = Pick<Deadline, 'recursOn' | 'starts' | 'relative'>;

function packDetail(d: Deadline): string | null {
  const detail: DeadlineDetail = {};
  if (d.recursOn !== undefined) detail.recursOn = d.recursOn;
  if (d.starts !== undefined) detail.starts = d.starts;
  if (d.relative !== undefined) detail.relative = d.relative;
  return Object.keys(detail).length ? JSON.stringify(detail) : null;
}

interface TargetRecord {
  id: string;
  doc_id: string;
  clause_id: string;
  indicator: string;
  comparator: string | null;
  value: string;
  number: number | null;
  number_max: number | null;
  unit: string | null;
  level: string | null;
  subgroup: string | null;
  school_year: string | null;
  quote: string;
}

interface ResponsibilityRecord {
  id: string;
  doc_id: string;
  clause_id: string;
  agency: string;
  agency_key: string;
  members: string;
  member_keys: string;
  role: string;
  duty: string;
  partners: string;
  quote: string;
  source: string;
}

/** "|a|b|" ↔ ["a", "b"]: keys stored so that one LIKE finds a member. */
/** Fact rows written by one INSERT (15 columns: well under SQLite's 32 766 parameters). */
const FACT_INSERT_BATCH = 200;
const packKeys = (keys: string[]) => `|${keys.join('|')}|`;
const unpackKeys = (s: string) => s.split('|').filter(Boolean);

function toDeadline(r: DeadlineRecord): Deadline {
  return {
    id: r.id,
    docId: r.doc_id,
    clauseId: r.clause_id,
    task: r.task,
    responsible: r.responsible,
    responsibleKeys: unpackKeys(r.responsible_keys),
    due: r.due,
    dueLast: r.due_last,
    precision: r.precision as DatePrecision | null,
    kind: r.kind as DeadlineKind,
    recurrence: r.recurrence,
    dateText: r.date_text,
    quote: r.quote,
    ...(r.detail ? (JSON.parse(r.detail) as DeadlineDetail) : {}),
  };
}

function toTarget(r: TargetRecord): Target {
  return {
    id: r.id,
    docId: r.doc_id,
    clauseId: r.clause_id,
    indicator: r.indicator,
    comparator: r.comparator as Comparator | null,
    value: r.value,
    number: r.number,
    numberMax: r.number_max,
    unit: r.unit,
    level: r.level as Level | null,
    subgroup: r.subgroup,
    schoolYear: r.school_year,
    quote: r.quote,
  };
}

function toResponsibility(r: ResponsibilityRecord): Responsibility {
  return {
    id: r.id,
    docId: r.doc_id,
    clauseId: r.clause_id,
    agency: r.agency,
    agencyKey: r.agency_key,
    members: JSON.parse(r.members) as string[],
    memberKeys: unpackKeys(r.member_keys),
    role: r.role as Role,
    duty: r.duty,
    partners: JSON.parse(r.partners) as string[],
    quote: r.quote,
    source: r.source as Responsibility['source'],
  };
}

function matchesAgency(query: string, keys: string[]): boolean {
  const q = agencyKey(query);
  return keys.some((k) => keyMatches(q, k));
}

export class FactStore {
  constructor(private readonly db: Db) {}

  /** Removes a document's facts and writes the new ones. Call inside a transaction. */
  async replace(facts: PlanFacts): Promise<void> {
    await this.remove(facts.docId);
    await this.insert(facts);
  }

  async remove(docId: string): Promise<void> {
    for (const t of ['fact_deadlines', 'fact_targets', 'fact_responsibilities', 'fact_docs']) await this.db.run(`DELETE FROM ${t} WHERE doc_id = ?`, [docId]);
  }

  /** Writes a document's facts (its clauses must be stored already). Call inside a transaction. */
  async insert(facts: PlanFacts): Promise<void> {
    const { docId } = facts;
    await this.insertRows(
      'fact_deadlines (id, doc_id, clause_id, ord, task, responsible, responsible_keys, due, due_last, precision, kind, recurrence, date_text, quote, detail)',
      facts.deadlines.map((d, i) => [d.id, docId, d.clauseId, i, d.task, d.responsible, packKeys(d.responsibleKeys), d.due, d.dueLast, d.precision, d.kind, d.recurrence, d.dateText, d.quote, packDetail(d)]),
    );
    await this.insertRows(
      'fact_targets (id, doc_id, clause_id, ord, indicator, comparator, value, number, number_max, unit, level, subgroup, school_year, quote)',
      facts.targets.map((t, i) => [t.id, docId, t.clauseId, i, t.indicator, t.comparator, t.value, t.number, t.numberMax, t.unit, t.level, t.subgroup, t.schoolYear, t.quote]),
    );
    await this.insertRows(
      'fact_responsibilities (id, doc_id, clause_id, ord, agency, agency_key, members, member_keys, role, duty, partners, quote, source)',
      facts.responsibilities.map((r, i) => [r.id, docId, r.clauseId, i, r.agency, r.agencyKey, JSON.stringify(r.members), packKeys(r.memberKeys), r.role, r.duty, JSON.stringify(r.partners), r.quote, r.source]),
    );
    await this.db.run('INSERT OR REPLACE INTO fact_docs (doc_id, version, extracted_at) VALUES (?,?,?)', [docId, facts.version, new Date().toISOString()]);
  }

  /** Rows into `target` ("table (columns)"), FACT_INSERT_BATCH to a statement: one statement a row was most of a large plan's write. */
  private async insertRows(target: string, rows: unknown[][]): Promise<void> {
    for (let i = 0; i < rows.length; i += FACT_INSERT_BATCH) {
      const batch = rows.slice(i, i + FACT_INSERT_BATCH);
      const row = `(${batch[0].map(() => '?').join(',')})`;
      await this.db.run(`INSERT INTO ${target} VALUES ${batch.map(() => row).join(',')}`, batch.flat());
    }
  }

  /** The extractor version a document's facts were written with, or null when it has none. */
  async versionOf(docId: string): Promise<number | null> {
    const r = await this.db.get<{ version: number }>('SELECT version FROM fact_docs WHERE doc_id = ?', [docId]);
    return r?.version ?? null;
  }

  /** The extractor version of every document's facts, by document id (one query for a whole pass). */
  async versions(): Promise<Map<string, number>> {
    const rows = await this.db.all<{ doc_id: string; version: number }>('SELECT doc_id, version FROM fact_docs');
    return new Map(rows.map((r) => [r.doc_id, r.version]));
  }

  /** Deadlines sorted by the last day of their due period (then document order). */
  async listDeadlines(q: DeadlineQuery = {}): Promise<Deadline[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.from) {
      where.push('due_last >= ?');
      params.push(q.from);
    }
    if (q.to) {
      where.push('due_last <= ?');
      params.push(q.to);
    }
    if (q.docId) {
      where.push('doc_id = ?');
      params.push(q.docId);
    } else where.push(CURRENT_VERSIONS_ONLY);
    if (q.kinds) {
      if (q.kinds.length === 0) return [];
      where.push(`kind IN (${q.kinds.map(() => '?').join(',')})`);
      params.push(...q.kinds);
    }
    const rows = await this.db.all<DeadlineRecord>(
      `SELECT * FROM fact_deadlines ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_last IS NULL, due_last, doc_id, ord`,
      params,
    );
    const out = rows.map(toDeadline);
    return q.agency ? out.filter((d) => matchesAgency(q.agency!, d.responsibleKeys)) : out;
  }

  async listTargets(q: TargetQuery = {}): Promise<Target[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.docId) {
      where.push('doc_id = ?');
      params.push(q.docId);
    } else where.push(CURRENT_VERSIONS_ONLY);
    if (q.level) {
      where.push('level = ?');
      params.push(q.level);
    }
    const rows = await this.db.all<TargetRecord>(`SELECT * FROM fact_targets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY doc_id, ord`, params);
    return rows.map(toTarget);
  }

  async listResponsibilities(q: ResponsibilityQuery = {}): Promise<Responsibility[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.docId) {
      where.push('doc_id = ?');
      params.push(q.docId);
    } else where.push(CURRENT_VERSIONS_ONLY);
    if (q.role) {
      where.push('role = ?');
      params.push(q.role);
    }
    const rows = await this.db.all<ResponsibilityRecord>(`SELECT * FROM fact_responsibilities ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY doc_id, ord`, params);
    const out = rows.map(toResponsibility);
    return q.agency ? out.filter((r) => matchesAgency(q.agency!, [r.agencyKey, ...r.memberKeys])) : out;
  }

  /** Every fact stated in these clauses, in document order: what the answer composers build leads from. */
  async forClauses(clauseIds: string[]): Promise<ClauseFacts> {
    if (clauseIds.length === 0) return { targets: [], responsibilities: [], deadlines: [] };
    const ids = [...new Set(clauseIds)];
    const inList = `clause_id IN (${ids.map(() => '?').join(',')})`;
    const [t, r, d] = await Promise.all([
      this.db.all<TargetRecord>(`SELECT * FROM fact_targets WHERE ${inList} ORDER BY doc_id, ord`, ids),
      this.db.all<ResponsibilityRecord>(`SELECT * FROM fact_responsibilities WHERE ${inList} ORDER BY doc_id, ord`, ids),
      this.db.all<DeadlineRecord>(`SELECT * FROM fact_deadlines WHERE ${inList} ORDER BY doc_id, ord`, ids),
    ]);
    return { targets: t.map(toTarget), responsibilities: r.map(toResponsibility), deadlines: d.map(toDeadline) };
  }

  /** The agencies named in a plan's responsibilities (or all plans'), each once per plan, in document order. */
  async listAgencies(docId?: string): Promise<{ docId: string; agency: string; agencyKey: string; members: string[] }[]> {
    const rows = await this.db.all<{ doc_id: string; agency: string; agency_key: string; members: string }>(
      `SELECT doc_id, agency, agency_key, members, MIN(ord) AS first FROM fact_responsibilities ${docId ? 'WHERE doc_id = ?' : ''}
       GROUP BY doc_id, agency ORDER BY doc_id, first`,
      docId ? [docId] : [],
    );
    return rows.map((r) => ({ docId: r.doc_id, agency: r.agency, agencyKey: r.agency_key, members: JSON.parse(r.members) as string[] }));
  }
}
