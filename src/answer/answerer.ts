// question → understanding → retrieval → composed answer. The one entry point for every
// channel (CLI, chat adapters, web).
import type { ClauseRow, Store } from '../store/repository.js';
import type { Retriever } from '../search/retrieve.js';
import { isTopicWord, understand, type DocInfo } from './understand.js';
import { compose, composeClause, composeNoPlan, type Answer, type DocNames, type MarkedWord, type ReferenceLookup } from './compose.js';
import { asksOfEveryDocument, asksOfNamedDocuments, issuerTypesNamed, composeDocumentFacts, composeDocumentList, composeDocumentOrder, composeNamedDocumentsFacts, documentOrderAsked, type DocumentFacts } from './documentFacts.js';
import { buildRefIndex, referencedText, type RefIndex } from '../corpus/crossRefs.js';
import { asksAgencyList, composeAgencyList } from './agencyList.js';
import { asksList, composeList, listHeadFit, listItems, type ListAsked } from './listAnswer.js';
import { render } from './wording.js';
import { kindOfNumber, type KindCode } from './references.js';
import { documentBySubject, kindsNamed, type TitledDocument } from './subjectRefs.js';
import { foldChars, lexicalUnits, syllables } from '../corpus/fold.js';
import { unitWeights, type UnitWeights } from './evidence.js';
import { Vocabulary, VocabularyExcerpt, hasDiacritics, writtenShareIn, type WordSource } from './vocabulary.js';
import { forgetLearnedFrom, learnDefined, learnFrom } from './abbreviations.js';
import { abbreviationAsked, composeDefinition, definingClause } from './abbreviationAnswer.js';
import { joinAnswers, levelParts, twoParts } from './twoParts.js';

export const MAX_QUESTION_CHARS = 1000;
/** Documents whose cross-references are kept in memory (each is a map of its clause texts). */
const REF_INDEXES_KEPT = 64;

export class QuestionError extends Error {}

/** The years a document covers: its school year's, else its period's ("2021-2025", "2022"). */
function yearSpan(d: { yearStart: number | null; yearEnd: number | null; period?: string | null }): { yearStart: number | null; yearEnd: number | null } {
  if (d.yearStart !== null || !d.period) return { yearStart: d.yearStart, yearEnd: d.yearEnd };
  const m = /^((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?$/.exec(d.period.trim());
  return m ? { yearStart: Number(m[1]), yearEnd: Number(m[2] ?? m[1]) } : { yearStart: null, yearEnd: null };
}

/** Numbers a document is also known by: the decision it was issued with. */
function otherNumbers(d: object): string[] {
  const n = (d as { enclosingNumber?: string | null }).enclosingNumber;
  return n ? [n] : [];
}

/**
 * The writing a question is in: Latin letters (Vietnamese or English, any codes), none at all
 * (emoji, punctuation), or another script. Figures alone ("2023") count as a question.
 */
export function scriptOf(text: string): 'latin' | 'none' | 'other' {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (!letters.length) return /\p{N}/u.test(text) ? 'latin' : 'none';
  const latin = letters.filter((c) => /\p{Script=Latin}/u.test(c)).length;
  return latin * 2 >= letters.length ? 'latin' : 'other';
}

export interface AskOptions {
  docId?: string;
  year?: number;
  threshold?: number;
}

/**
 * The plans' words: all of them together and plan by plan, built in memory from every plan's
 * clauses (an index without stored words), or read from the index as a question needs them
 * (stored: `all` is null, and so is byDoc; a question reads what it needs).
 */
interface Vocabularies {
  all: Vocabulary | null;
  byDoc: Map<string, Vocabulary>;
}

interface Documents {
  infos: DocInfo[];
  names: Map<string, DocNames>;
  facts: Map<string, DocumentFacts>;
  /** Kind and title of each, for a document named by its subject. */
  titled: TitledDocument[];
}

/**
 * What the answerer keeps in memory of one index generation (plan metadata, vocabularies,
 * cross-references). An answer is composed from one view only; a new generation (a re-index
 * here, or `planbot index` in another process) gets a new view.
 */
interface IndexView {
  generation: number;
  docs: Documents | null;
  vocab: Promise<Vocabularies> | null;
  refIndexes: Map<string, RefIndex>;
}

/** An answer composed while the index changed under it is composed again, from the new view, at most this many times in all. */
const ANSWER_ATTEMPTS = 3;
/** A list asked for is looked for among the best-retrieved clauses only, its heading holding half the question. */
const LIST_CANDIDATES = 8;
const LIST_HEAD_COVERAGE = 0.5;

export class Answerer {
  private view: IndexView | null = null;
  private reloading: Promise<IndexView> | null = null;
  /** Each plan's vocabulary, kept across generations while the plan is unchanged (its hash and index time). */
  private readonly docVocab = new Map<string, { key: string; vocab: Vocabulary }>();

  constructor(
    readonly store: Store,
    readonly retriever: Retriever,
  ) {}

  /**
   * Reads what every question needs (the plans' metadata and vocabulary) ahead of the first one:
   * at a province's 2 500 plans that is ~20 s, which a server pays at start, not an official.
   */
  async warm(): Promise<void> {
    await this.vocabulary(await this.currentView());
  }

  /** Whether any clause writes the school year ("2024-2025", "2024 - 2025", "2024–2025"). */
  private async writesSchoolYear(year: string): Promise<boolean> {
    const [a, b] = year.split(/\s*[-–]\s*/);
    for (const form of [`${a}-${b}`, `${a} - ${b}`, `${a}–${b}`, `${a} – ${b}`]) if (await this.store.containsText(form)) return true;
    return false;
  }

  /** Forget cached document metadata (after a re-index in this process). */
  refresh(): void {
    this.view = null;
  }

  /** The view of the index generation the store is at now; built (once, however many ask) when the generation moved. */
  private async currentView(): Promise<IndexView> {
    const generation = await this.store.indexGeneration();
    if (this.view?.generation === generation) return this.view;
    this.reloading ??= (async () => {
      // Vectors first: a view is only handed out once everything it answers from is the new generation's.
      await this.retriever.reloadVectors().catch(() => false); // the old vectors still answer
      const view: IndexView = { generation, docs: null, vocab: null, refIndexes: new Map() };
      await this.documents(view);
      this.view = view;
      return view;
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  /** Each plan's abbreviations as stored, learned once per plan version. */
  private readonly learnedKeys = new Map<string, string>();

  /** The plans' words as written, all together and plan by plan, read once per index generation. */
  private vocabulary(view: IndexView): Promise<Vocabularies> {
    view.vocab ??= this.store.listDocuments().then(async (docs) => {
      const keys = new Map(docs.map((d) => [d.docId, `${d.hash}:${d.indexedAt}`]));
      if (await this.store.words.usable()) {
        // Stored by the indexer: only the abbreviations each plan defines are read now (as learnFrom learns them).
        const changed = docs.filter((d) => this.learnedKeys.get(d.docId) !== keys.get(d.docId));
        const gone = [...new Set([...this.learnedKeys.keys(), ...this.docVocab.keys()])].filter((id) => !keys.has(id));
        if (changed.length) {
          const stored = await this.store.words.abbreviations();
          learnDefined(changed.map((d) => [d.docId, stored.get(d.docId) ?? []]));
          for (const d of changed) this.learnedKeys.set(d.docId, keys.get(d.docId)!);
        }
        for (const id of gone) this.learnedKeys.delete(id);
        if (gone.length) forgetLearnedFrom(gone);
        this.docVocab.clear();
        return { all: null, byDoc: new Map() };
      }
      this.learnedKeys.clear();
      const byDoc = new Map<string, Vocabulary>();
      for (const d of docs) {
        const key = `${d.hash}:${d.indexedAt}`;
        let kept = this.docVocab.get(d.docId);
        if (kept?.key !== key) {
          const texts = (await this.store.clausesOf(d.docId)).map((c) => c.text);
          kept = { key, vocab: Vocabulary.fromTexts(texts) };
          this.docVocab.set(d.docId, kept);
          learnFrom(d.docId, texts); // the abbreviations it defines, for evidence and questions
        }
        byDoc.set(d.docId, kept.vocab);
      }
      const gone = [...this.docVocab.keys()].filter((id) => !byDoc.has(id));
      for (const id of gone) this.docVocab.delete(id);
      if (gone.length) forgetLearnedFrom(gone);
      return { all: Vocabulary.union([...byDoc.values()]), byDoc };
    });
    return view.vocab;
  }

  private async documents(view: IndexView): Promise<Documents> {
    if (!view.docs) {
      const rows = await this.store.listDocuments();
      view.docs = {
        infos: rows.map((d) => ({
          docId: d.docId,
          place: d.place,
          schoolYear: d.schoolYear,
          // A document with a period and no school year ("giai đoạn 2021-2025") covers its span.
          ...yearSpan(d),
          numbers: [d.docNumber, ...otherNumbers(d)].filter((n): n is string => Boolean(n)),
          signedYear: d.signed ? Number(d.signed.iso.slice(0, 4)) : null,
          kind: d.docKind ?? null,
          names: schoolNameOf(d.issuer),
        })),
        names: new Map(rows.map((d) => [d.docId, { title: d.title, shortName: d.shortName, supersededBy: d.supersededBy, ocr: d.ocr }])),
        facts: new Map(rows.map((d) => [d.docId, d as DocumentFacts])),
        titled: rows.map((d) => ({ docId: d.docId, docKind: d.docKind ?? null, title: d.title, supersededBy: d.supersededBy })),
      };
    }
    return view.docs;
  }

  /**
   * "Ai ký công văn … của Bộ GDĐT?": only a document that organ issued answers. The question
   * narrowed to that organ's documents; or, when the headers say none of them is its, the answer
   * that says so (another organ's signer is not named in its stead).
   */
  private async issuedByNamedOrgan(u: ReturnType<typeof understand>, facts: Map<string, DocumentFacts>): Promise<{ u: ReturnType<typeof understand> } | { answer: Answer }> {
    const organ = issuerTypesNamed(u.question);
    if (!organ) return { u };
    const scope = (u.docIds ?? [...facts.keys()]).map((id) => facts.get(id)).filter((d): d is DocumentFacts => Boolean(d));
    const from = scope.filter((d) => d.issuerType && organ.types.includes(d.issuerType));
    if (scope.length && scope.every((d) => d.issuerType) && !from.length) {
      const answer =
        scope.length === 1
          ? await render(u.lang, 'noIssuerOne', { issuer: organ.text, docName: scope[0].shortName, actual: scope[0].issuer ?? scope[0].issuerType! })
          : await render(u.lang, 'noIssuer', { issuer: organ.text, count: scope.length, names: scope.slice(0, 8).map((d) => d.shortName).join(', ') });
      return { answer: { question: u.question, lang: u.lang, intent: u.intent, outcome: 'not_found', answer, abstained: true, citations: [], reason: 'unknown_document' } };
    }
    return { u: from.length && from.length < scope.length ? { ...u, docIds: from.map((d) => d.docId) } : u };
  }

  /** The best-retrieved clause whose heading names the list asked for, answered item by item; null when none does clearly. */
  private async listAnswer(u: ReturnType<typeof understand>, asked: ListAsked, clauses: ClauseRow[], w: UnitWeights, names: Map<string, DocNames>): Promise<Answer | null> {
    // Best head first; only a head that names the list has its sub-sections read.
    const heads = clauses
      .slice(0, LIST_CANDIDATES)
      .map((clause) => ({ clause, fit: listHeadFit(asked, clause, w, names.get(clause.docId)?.title ?? '') }))
      .filter((h) => h.fit >= LIST_HEAD_COVERAGE)
      .sort((a, b) => b.fit - a.fit);
    for (const { clause } of heads) {
      const src = { clause, children: (await this.store.subtree(clause.id)).filter((c) => c.parentId === clause.id) };
      const items = listItems(src);
      if (items.length) return composeList(u, src, items, names);
    }
    return null;
  }

  /** The clause a section reference names within the plans asked about; the best-retrieved plan's when several have it. */
  private async sectionAsked(u: ReturnType<typeof understand>, allDocs: string[], names: Map<string, DocNames>): Promise<ClauseRow | null> {
    const scope = u.docIds ?? allDocs;
    for (const path of [u.sectionRef!, ...(u.section?.alternatives ?? [])]) {
      const found = await this.store.clausesAtPath(path, scope.length === allDocs.length ? undefined : scope);
      // Versions of one plan share their numbering: the current version's clause is meant.
      const current = found.filter((c) => !names.get(c.docId)?.supersededBy);
      if (current.length === 0) continue;
      // The main text's article before an attached regulation's of the same number, unless the
      // question names the attached text ("Article 3 of the regulation", "Điều 3 của Quy định").
      const attached = NAMES_ATTACHED_TEXT.test(` ${foldChars(u.question).toLowerCase()} `);
      const byDoc = new Map<string, ClauseRow>();
      for (const c of current) {
        const had = byDoc.get(c.docId);
        if (!had || (attached ? had.path.length < c.path.length : had.path.length > c.path.length)) byDoc.set(c.docId, c);
      }
      if (byDoc.size === 1) return [...byDoc.values()][0];
      const hits = await this.retriever.retrieve({ units: u.units, text: u.question, docIds: [...byDoc.keys()], limit: 5 });
      const best = hits.find((h) => byDoc.has(h.clause.docId));
      if (best) return byDoc.get(best.clause.docId)!;
    }
    return null;
  }

  /** Cross-references of the documents' clauses, indexed per document once and kept for the most recent ones. */
  private async referenceLookup(view: IndexView, docIds: string[]): Promise<ReferenceLookup> {
    const refIndexes = view.refIndexes;
    for (const id of docIds) {
      if (refIndexes.has(id)) continue;
      if (refIndexes.size >= REF_INDEXES_KEPT) refIndexes.delete(refIndexes.keys().next().value!);
      refIndexes.set(id, buildRefIndex(await this.store.clausesOf(id)));
    }
    return (clause, sentence) => {
      const index = refIndexes.get(clause.docId);
      return index ? referencedText(sentence, clause.path, index) : null;
    };
  }

  /** The one document a question about a document means: named, or the best-retrieved one. */
  private async documentAsked(u: ReturnType<typeof understand>): Promise<string | null> {
    if (u.docIds?.length === 1) return u.docIds[0];
    const hits = await this.retriever.retrieve({ units: u.units, text: u.question, docIds: u.docIds, limit: 5 });
    return hits[0]?.clause.docId ?? u.docIds?.[0] ?? null;
  }

  async ask(question: string, opts: AskOptions = {}): Promise<Answer> {
    const q = question.replace(/\s+/g, ' ').trim();
    if (!q) throw new QuestionError('the question is empty');
    if (q.length > MAX_QUESTION_CHARS) throw new QuestionError(`the question is ${q.length} characters long; please ask one question at a time (at most ${MAX_QUESTION_CHARS})`);
    // Emoji only, or Chinese, Thai, Cyrillic…: say, in both languages, which two planbot reads.
    const script = scriptOf(q);
    if (script !== 'latin') {
      const answer = await render('vi', script === 'none' ? 'noWords' : 'otherLanguage', {});
      return { question: q, lang: 'vi', intent: 'general', outcome: 'not_found', answer, abstained: true, citations: [], reason: 'unreadable' };
    }
    for (let attempt = 1; ; attempt++) {
      const view = await this.currentView();
      const answer = await this.answerInParts(view, q, opts);
      // Another process committed a change while this answer was composed: its reads may have
      // met rows of the new generation beside the old view. Compose it again from the new one.
      if (attempt >= ANSWER_ATTEMPTS || (await this.store.indexGeneration()) === view.generation) return answer;
    }
  }

  /** A question of two parts, each answered (the second within the plan of the first); else the question whole. */
  private async answerInParts(view: IndexView, q: string, opts: AskOptions): Promise<Answer> {
    const parts = twoParts(q) ?? levelParts(q);
    if (parts) {
      const first = await this.answerFrom(view, parts[0], opts);
      if (first.outcome === 'answer' && first.citations.length) {
        const second = await this.answerFrom(view, parts[1], { ...opts, docId: opts.docId ?? first.citations[0].docId });
        if (second.outcome === 'answer') return joinAnswers(q, first, second);
      }
    }
    return this.answerFrom(view, q, opts);
  }

  private async answerFrom(view: IndexView, q: string, opts: AskOptions): Promise<Answer> {
    const docs = await this.documents(view);
    const { infos, names } = docs;
    if (opts.docId && !names.has(opts.docId)) throw new QuestionError(`no plan with id ${opts.docId}; see \`planbot docs\``);
    let u = understand(q, infos, { docId: opts.docId, year: opts.year });
    // "The housing decision": the one decision whose title the question covers clearly best.
    const bySubject = opts.docId ? null : documentBySubject(u, docs.titled);
    if (bySubject) u = { ...u, docIds: [bySubject] };

    // A document named by a number no indexed document has ("QĐ 99/2020"), and which no plan even mentions.
    // Only the figures are looked for: a header the parser could not read still writes them.
    if (u.unknownDocRef && !(await this.store.containsText(`${u.unknownDocRef.number}/${u.unknownDocRef.year ?? ''}`))) {
      const answer = await render(u.lang, 'unknownDoc', { ref: u.unknownDocRef.text, count: infos.length });
      return { question: u.question, lang: u.lang, intent: u.intent, outcome: 'not_found', answer, abstained: true, citations: [], reason: 'unknown_document' };
    }

    // A section asked for by its numbering ("Điều 3 khoản 1", "mục B.II"): the section itself.
    // A section named beside a topic ("who reports under Article 8?") is where the answer is looked for.
    let within: ClauseRow | null = null;
    if (u.sectionRef && (u.intent === 'clause' || u.section)) {
      const clause = await this.sectionAsked(u, infos.map((d) => d.docId), names);
      if (clause && u.intent === 'clause') return composeClause(u, clause, names, await this.store.subtree(clause.id));
      within = clause;
    }

    // Who signed, who issued, which number, when: the document's own header and signature block.
    // The same asked of every plan: the plans whose header or signature has what the question names.
    // Two or more documents named: each one's header answers, even when it asks "which of them".
    // "Kế hoạch 96 giao việc cho những đơn vị nào?": the agencies the plan gives duties to.
    if (asksAgencyList(u)) {
      const docId = await this.documentAsked(u);
      const listed = docId ? await composeAgencyList(u, docId, await this.store.facts.listResponsibilities({ docId }), await this.store.clausesOf(docId), names) : null;
      if (listed) return listed;
    }
    // "Văn bản nào được ký sớm nhất?": the documents asked about in the order their headers date them.
    const order = documentOrderAsked(u);
    if (order) {
      const scope = (u.docIds ?? infos.map((d) => d.docId)).map((id) => docs.facts.get(id)).filter((d): d is DocumentFacts => Boolean(d));
      const ordered = await composeDocumentOrder(u, order, scope, (id) => this.store.clausesOf(id), names);
      if (ordered) return ordered;
    }
    if (asksOfNamedDocuments(u)) {
      const named = u.docIds!.map((id) => docs.facts.get(id)).filter((d): d is NonNullable<typeof d> => Boolean(d));
      if (named.length >= 2) return composeNamedDocumentsFacts(u, named, (id) => this.store.clausesOf(id), names);
    }
    if (asksOfEveryDocument(u)) {
      const scope = u.docIds ?? infos.map((d) => d.docId);
      const facts = docs.facts;
      return composeDocumentList(u, scope.map((id) => facts.get(id)!).filter(Boolean), (id) => this.store.clausesOf(id), names);
    }
    // "«Phòng GDĐT» là viết tắt của cơ quan nào?": the sentence of the plan that defines it.
    const short = abbreviationAsked(q);
    if (short) {
      const hits = await this.retriever.retrieve({ units: lexicalUnits(short), text: short, docIds: u.docIds, limit: 12 });
      const found = definingClause(short, hits.map((h) => h.clause));
      if (found) return composeDefinition(u, short, found, names);
    }
    if (u.intent === 'signer' || u.intent === 'document') {
      const byOrgan = await this.issuedByNamedOrgan(u, docs.facts);
      if ('answer' in byOrgan) return byOrgan.answer;
      u = byOrgan.u;
      const docId = await this.documentAsked(u);
      const doc = docId ? docs.facts.get(docId) : undefined;
      // "Who signed the decision of Thai Luong on tuition?" of a place whose only plan is a Sở's letter:
      // the kind of document named is none of the plans asked about.
      const missingKind = doc ? kindNoneIs(u, (u.docIds ?? infos.map((d) => d.docId)).map((id) => docs.facts.get(id)).filter((d): d is DocumentFacts => Boolean(d))) : null;
      if (missingKind) return composeNoPlan(u, `${missingKind}${u.filterNotes.length ? ` (${u.filterNotes.join(', ')})` : ''}`, names);
      if (doc) return composeDocumentFacts(u, doc, await this.store.clausesOf(doc.docId), names);
    }

    // A school year no plan is for ("năm học 2024-2025"), nor written in any: nothing to answer
    // from. A plan for the next year that reports on this one ("Năm học 2024-2025, ngành đã …") answers.
    if (u.missingSchoolYear && !(await this.writesSchoolYear(u.missingSchoolYear))) return composeNoPlan(u, `${u.lang === 'vi' ? 'năm học' : 'the school year'} ${u.missingSchoolYear}`, names);
    // The same for a year no plan covers and none writes ("the 2028 target" of a plan to 2027).
    // Within the plans the question names ("the Phu My target for 2026" of Phù Mỹ's plan for 2025).
    if (u.missingYear && !(await this.store.containsText(String(u.missingYear), u.docIds))) {
      const where = u.docIds && u.filterNotes.length ? ` (${u.filterNotes.join(', ')})` : '';
      return composeNoPlan(u, `${u.lang === 'vi' ? 'năm' : 'the year'} ${u.missingYear}${where}`, names);
    }

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
    let hits = await this.retriever.retrieve({ units: u.units, text: q, docIds: within ? [within.docId] : u.docIds, limit: within ? 40 : u.perDocument ? 40 : RETRIEVED, includeSuperseded: Boolean(opts.docId) });
    if (within) {
      const inSection = hits.filter((h) => h.clause.path === within.path || h.clause.path.startsWith(`${within.path}.`));
      if (!inSection.length) return composeClause(u, within, names, await this.store.subtree(within.id));
      hits = inSection.slice(0, 12);
    }
    const [{ df: plansDf, total }, vocab, facts] = await Promise.all([this.store.documentFrequencies([...new Set([...u.keyUnits, ...u.keyTerms.flatMap((t) => t.senses?.flat() ?? [])])]), this.vocabulary(view), this.store.facts.forClauses(hits.map((h) => h.clause.id))]);
    // A concept is there only if a plan the question is about writes it ("lương" in Thanh Xuân
    // does not answer a question about TP.HCM).
    const weigh = (all: WordSource, scope: WordSource[]) => {
      const df = new Map(plansDf);
      const unknownWords = all.falseFriends(u.contentWords.filter(isTopicWord));
      // No plan writes a false friend ("lương"): it weighs as a word no clause has, not as the
      // common "lượng" its folded form counts.
      for (const x of unknownWords) df.set(foldChars(x).toLowerCase(), 0);
      // A word written with its marks ("lương") whose folded form the plans mostly write otherwise
      // ("lượng"): it is as rare as the plans write it, and only a passage that writes it has it.
      const marked = markedWords(u.contentWords, scope);
      for (const m of marked) for (const k of u.keyUnits) if (k.split('_').includes(m.unit) && df.has(k)) df.set(k, Math.round(df.get(k)! * m.share));
      const w = unitWeights(u.keyTerms, df, total, (p) => scope.some((v) => v.hasPhrase(p)));
      return { unknownWords, marked, w };
    };
    let weighed: ReturnType<typeof weigh>;
    if (vocab.all) {
      const all = vocab.all;
      weighed = weigh(all, u.docIds ? u.docIds.map((id) => vocab.byDoc.get(id)).filter((v): v is Vocabulary => Boolean(v)) : [all]);
    } else {
      // The stored words of what the question writes (each word, the phrases of its terms), of
      // every plan and of the plans it is about; asked of any other, read it too and weigh again.
      const phrases = new Set(u.keyTerms.flatMap((t) => (t.crisp && t.phrases) || []));
      const wanted = VocabularyExcerpt.wanted(u.contentWords, phrases);
      for (;;) {
        const all = await this.store.words.excerpt(wanted.terms, wanted.pairs);
        const scope = u.docIds ? await this.store.words.scopeExcerpt(u.docIds, wanted.terms, phrases) : null;
        weighed = weigh(all, scope ? [scope] : [all]);
        const missing = [...all.missing, ...(scope?.missing ?? [])];
        const missingPhrases = [...all.missingPairs, ...(scope?.missingPhrases ?? [])];
        if (!missing.length && !missingPhrases.length) break;
        for (const t of missing) wanted.terms.add(t);
        for (const p of all.missingPairs) wanted.pairs.add(p);
        for (const p of scope?.missingPhrases ?? []) phrases.add(p);
      }
    }
    const { unknownWords, marked, w } = weighed;
    // "… gồm những nội dung gì?": the list under the heading that names it, item by item.
    const list = unknownWords.length ? null : asksList(u);
    if (list) {
      const listed = await this.listAnswer(u, list, hits.map((h) => h.clause), w, names);
      if (listed) return listed;
    }
    const refs = await this.referenceLookup(view, [...new Set(hits.map((h) => h.clause.docId))]);
    return compose(u, hits.map((h) => ({ clause: h.clause, fused: h.fused })), w, names, { threshold: opts.threshold, facts, unknownWords, refs, marked });
  }
}

// The kinds of document a question may name, as said in each language.
const KIND_NAMES: Record<string, [string, string]> = {
  'quyet dinh': ['quyết định', 'a decision'],
  'nghi quyet': ['nghị quyết', 'a resolution'],
  'chi thi': ['chỉ thị', 'a directive'],
  'cong van': ['công văn', 'an official letter'],
  'huong dan': ['hướng dẫn', 'a guidance'],
  'thong bao': ['thông báo', 'a notice'],
};
const KIND_CODES: Record<string, KindCode> = { 'quyet dinh': 'QD', 'nghi quyet': 'NQ', 'chi thi': 'CT', 'cong van': 'CV', 'huong dan': 'HD', 'thong bao': 'TB' };
/** The kind of document the question names when none of these documents is of it ("a decision"), else null. */
function kindNoneIs(u: ReturnType<typeof understand>, docs: DocumentFacts[]): string | null {
  const named = kindsNamed(u.question).filter((k) => KIND_NAMES[k]);
  if (named.length !== 1) return null;
  // Its kind, or its number's ("3679/QĐ-UBND": a plan issued as a decision has that decision with it).
  const code = KIND_CODES[named[0]];
  if (docs.some((d) => (d.docKind && foldChars(d.docKind).toLowerCase() === named[0]) || (d.docNumber && kindOfNumber(d.docNumber) === code))) return null;
  return KIND_NAMES[named[0]][u.lang === 'vi' ? 0 : 1];
}

/**
 * Clauses composed for an answer. In a plan whose every clause shares the question's topic the one
 * that gives what is asked (a day, an amount) may rank below the twelfth (12 → 20: +2 over the sets,
 * 30 loses one; warm ask at 2 500 plans p50 28 → 36 ms, p95 64 → 96 ms).
 */
const RETRIEVED = 20;

/** A question naming the text attached to a decision (its QUY ĐỊNH or QUY CHẾ), folded. */
const NAMES_ATTACHED_TEXT = / (of|in|under) the (attached )?(regulations?|rules|statute|charter)\b| (cua|trong|tai|theo) (ban )?(quy dinh|quy che|dieu le)\b| (quy dinh|quy che) kem theo\b/;

/**
 * The question's words written with diacritics that the plans asked about mostly write with
 * other marks (share < 1): their folded unit would match the other word. A word no plan writes
 * at all is a false friend instead (Vocabulary.falseFriends).
 */
// "Trường THCS Lý Tự Trọng", "TRƯỜNG TH&THCS NÀ HÌN": the school's own name after its kind.
const SCHOOL_ISSUER = /^Trường\s+(?:(?:Mầm non|Mẫu giáo|Tiểu học|Trung học cơ sở|Trung học phổ thông|Phổ thông|Phổ thông dân tộc (?:nội|bán) trú|liên cấp|chuyên|THCS|THPT|TH&THCS|THCS&THPT|TH|MN|PTDTNT|PTDTBT|PTDTBT TH&THCS|PT)\s+)+(\p{Lu}.*)$/iu;

/** The name of the school that issued a document, as a name it goes by ([] for any other issuer). */
function schoolNameOf(issuer: string | null): string[] {
  const name = issuer ? SCHOOL_ISSUER.exec(issuer.trim())?.[1].trim() : undefined;
  // A name of one syllable ("Trường THCS A") is too little to name a plan by.
  return name && name.split(/\s+/).length >= 2 ? [name] : [];
}

function markedWords(words: string[], scope: WordSource[]): MarkedWord[] {
  const out: MarkedWord[] = [];
  for (const word of new Set(words)) {
    if (!hasDiacritics(word)) continue;
    const share = writtenShareIn(scope, word);
    const unit = syllables(word)[0];
    if (share < MARKED_SHARE && unit) out.push({ word, unit, share });
  }
  return out;
}

/** Below this share of its folded form, a word as written is told apart from its look-alikes (set before measuring). */
const MARKED_SHARE = 0.5;

