// The indexed plans (title, issuer, year, clauses), and the scope of a question: one plan, one
// year or all of them (sent with each question as `doc` and `year`).
import { el, loadDocs } from './api.js';

const $ = (id) => document.getElementById(id);
const scopeDoc = $('scope-doc');
const scopeYear = $('scope-year');

/** The plan's year as people say it: its school year, its period, or the year it was signed. */
export const planYear = (d) => d.schoolYear || d.period || (d.signed ? d.signed.slice(0, 4) : '');

export function scope() {
  return { doc: scopeDoc.value || undefined, year: scopeYear.value ? Number(scopeYear.value) : undefined };
}

export function setScope({ doc, year }) {
  if (doc !== undefined) scopeDoc.value = doc;
  if (year !== undefined) scopeYear.value = String(year);
}

function option(value, text) {
  const o = el('option', '', text);
  o.value = value;
  return o;
}

/** Fills the scope choices and the plan list; `go` has ask(doc, year) and deadlines(doc). */
export async function initPlans(go) {
  const docs = await loadDocs();
  scopeDoc.replaceChildren(option('', 'Mọi kế hoạch'), ...docs.map((d) => option(d.docId, d.shortName)));
  const years = [...new Set(docs.flatMap((d) => d.years))].sort();
  scopeYear.replaceChildren(option('', 'Mọi năm'), ...years.map((y) => option(String(y), `Năm ${y}`)));
  const list = $('plan-list');
  list.replaceChildren();
  for (const d of docs) {
    const li = el('li', 'plan');
    li.dataset.doc = d.docId;
    li.appendChild(el('h3', '', d.shortName));
    li.appendChild(el('p', 'plan-title', d.title));
    const facts = el('dl', 'plan-facts');
    for (const [k, v] of [['Cơ quan ban hành', d.issuer || 'không rõ'], ['Năm', planYear(d) || 'không rõ'], ['Số điều khoản', String(d.clauses)], ['Mã', d.docId]]) {
      facts.append(el('dt', '', k), el('dd', '', v));
    }
    li.appendChild(facts);
    const actions = el('div', 'chips');
    const askIn = el('button', 'chip ask-doc', 'Hỏi trong kế hoạch này');
    askIn.type = 'button';
    askIn.addEventListener('click', () => go.ask(d.docId, ''));
    actions.appendChild(askIn);
    for (const y of d.years) {
      const b = el('button', 'chip ask-year', `Hỏi về năm ${y}`);
      b.type = 'button';
      b.addEventListener('click', () => go.ask('', y));
      actions.appendChild(b);
    }
    const due = el('button', 'chip', 'Xem hạn chót');
    due.type = 'button';
    due.addEventListener('click', () => go.deadlines(d.docId));
    actions.appendChild(due);
    li.appendChild(actions);
    list.appendChild(li);
  }
}
