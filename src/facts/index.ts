// Facts of a plan, extracted at index time from its parsed clauses: targets, agencies and their
// responsibilities, deadlines and dated tasks. Pure functions: text in, plain objects out.
import type { ParsedDocument } from '../corpus/types.js';
import { extractAgencies, type AgencySection } from './agencies.js';
import { extractDeadlines, type Deadline } from './deadlines.js';
import { extractResponsibilities, type Responsibility } from './responsibilities.js';
import { extractTargets, type Target } from './targets.js';

/** Bump when extraction changes: the indexer re-extracts the facts of unchanged documents stored with an older version. */
export const FACTS_VERSION = 8;

export interface PlanFacts {
  docId: string;
  version: number;
  targets: Target[];
  agencies: AgencySection[];
  responsibilities: Responsibility[];
  deadlines: Deadline[];
}

export function extractFacts(doc: ParsedDocument): PlanFacts {
  const { meta, clauses } = doc;
  const agencies = extractAgencies(meta, clauses);
  return {
    docId: meta.docId,
    version: FACTS_VERSION,
    targets: extractTargets(meta, clauses),
    agencies,
    responsibilities: extractResponsibilities(meta, clauses, agencies),
    deadlines: extractDeadlines(meta, clauses, agencies),
  };
}

export type { Target, Level, Comparator } from './targets.js';
export type { Deadline, DeadlineKind, RelativeTime } from './deadlines.js';
export type { Responsibility, Role } from './responsibilities.js';
export type { AgencySection } from './agencies.js';
export type { DatePrecision, DateKind, VietnameseDate } from './vietnameseDates.js';
export { DEADLINE_KINDS } from './deadlines.js';
export { agencyKey, agencyMatches } from './agencies.js';
export { formatDueVi } from './vietnameseDates.js';
