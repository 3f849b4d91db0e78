// question → understanding → retrieval → composed answer. The one entry point for every
// channel (CLI, chat adapters, web).
import type { Store } from '../store/repository.js';
import type { Retriever } from '../search/retrieve.js';
import { understand, type DocInfo } from './understand.js';
import { compose, composeClause, composeNoPlan, type Answer, type DocNames } from './compose.js';
import { lexicalUnits } from '../corpus/fold.js';
import { unitWeights } from './evidence.js';
import { Vocabulary } from './vocabulary.js';
import { forgetLearned, learnFrom } from './abbreviations.js';

export const MAX_QUESTION_CHARS = 1000;

export class QuestionError extends Error {}

export interface AskOptions {
  docId?: string;
  year?: number;
  threshold?: number;
}

interface Vocabularies {
  all: Vocabulary;
  byDoc: Map<string, Vocabulary>;
}

export class Answerer {
  private docs: { infos: DocInfo[]; names: Map<string, DocNames> } | null = null;
  private vocab: Promise<Vocabularies> | null = null;

  constructor(
    readonly store: Store,
    readonly retriever: Retriever,
  ) {}

  /** Forget cached document metadata (after a re-index). */
  refresh(): void {
    this.docs = null;
    this.vocab = null;
  }

  /** The plans' words as written, all together and plan by plan, read once per index state. */
  private vocabulary(): Promise<Vocabularies> {
    this.vocab ??= this.store.listDocuments().then(async (docs) => {
      const byDoc = new Map<string, Vocabulary>();
      const all: string[] = [];
      forgetLearned();
      for (const d of docs) {
        const texts = (await this.store.clausesOf(d.docId)).map((c) => c.text);
        byDoc.set(d.docId, Vocabulary.fromTexts(texts));
        learnFrom(d.docId, texts); // the abbreviations it defines, for evidence and questions

        all.push(...texts);
      }
      return { all: Vocabulary.fromTexts(all), byDoc };
    });
    return this.vocab;
  }

  private async documents() {
    if (!this.docs) {
      const rows = await this.store.listDocuments();
      this.docs = {
        infos: rows.map((d) => ({ docId: d.docId, place: d.place, schoolYear: d.schoolYear, yearStart: d.yearStart, yearEnd: d.yearEnd })),
        names: new Map(rows.map((d) => [d.docId, { title: d.title, shortName: d.shortName, supersededBy: d.supersededBy }])),
      };
    }
    return this.docs;
  }

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const q = question.replace(/\s+/g, ' ').trim();
    if (!q) throw new QuestionError('the question is empty');
    if (q.length > MAX_QUESTION_CHARS) throw new QuestionError(`the question is ${q.length} characters long; please ask one question at a time (at most ${MAX_QUESTION_CHARS})`);
    const { infos, names } = await this.documents();
    if (opts.docId && !names.has(opts.docId)) throw new QuestionError(`no plan with id ${opts.docId}; see \`planbot docs\``);
    const u = understand(q, infos, { docId: opts.docId, year: opts.year });

    if (u.intent === 'clause' && u.sectionRef) {
      const scope = u.docIds ?? infos.map((d) => d.docId);
      const found = (await this.store.getClauses(scope.map((d) => `${d}#${u.sectionRef}`))).values();
      const matches = [...found];
      // Versions of one plan share their numbering: the current version's clause is meant.
      const current = matches.length > 1 ? matches.filter((c) => !names.get(c.docId)?.supersededBy) : matches;
      if (current.length === 1) return composeClause(u, current[0], names);
    }

    // A school year no plan is for ("năm học 2024-2025"): nothing to answer from.
    if (u.missingSchoolYear) return composeNoPlan(u, `${u.lang === 'vi' ? 'năm học' : 'the school year'} ${u.missingSchoolYear}`, names);

    // A place the corpus never mentions ("ở Đà Nẵng"): there is no plan to answer from.
    // Written with diacritics it must occur as written ("Đà Nẵng" is not "đa năng");
    // without them, as folded syllables.
    for (const place of u.placeCandidates) {
      let known: boolean;
      if (/[^\x00-\x7F]/.test(place)) known = await this.store.containsText(place);
      else {
        const units = lexicalUnits(place);
        const whole = units[units.length - 1];
        known = Boolean((await this.store.documentFrequencies([whole])).df.get(whole));
      }
      if (!known) return composeNoPlan(u, place, names);
    }

    // An older version of a plan is answered from only when asked for by its id.
    const hits = await this.retriever.retrieve({ units: u.units, text: q, docIds: u.docIds, limit: 12, includeSuperseded: Boolean(opts.docId) });
    const [{ df, total }, vocab, facts] = await Promise.all([this.store.documentFrequencies(u.keyUnits), this.vocabulary(), this.store.facts.forClauses(hits.map((h) => h.clause.id))]);
    // A concept is there only if a plan the question is about writes it ("lương" in Thanh Xuân
    // does not answer a question about TP.HCM).
    const scope = u.docIds ? u.docIds.map((id) => vocab.byDoc.get(id)).filter((v): v is Vocabulary => Boolean(v)) : [vocab.all];
    const w = unitWeights(u.keyTerms, df, total, (p) => scope.some((v) => v.hasPhrase(p)));
    const unknownWords = vocab.all.falseFriends(u.contentWords);
    return compose(u, hits.map((h) => ({ clause: h.clause, fused: h.fused })), w, names, { threshold: opts.threshold, facts, unknownWords });
  }
}
