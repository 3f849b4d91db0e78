// The clause panel: a clause with its breadcrumb, sub-clauses and neighbours. A clause opened
// from a citation or a deadline shows the quoted sentence highlighted and scrolled into view
// (on a phone the cited sentence is often below the fold).
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const panel = $('panel');
let onError = (message) => console.error(message);

/** Where a failure to open a clause is reported (the chat). */
export function onPanelError(fn) {
  onError = fn;
}

const shown = (text) => text.replace(/\t/g, ' | ');

/** Where the quote sits in the text: verbatim, else with any run of spaces matching any other. */
function findQuote(text, quote) {
  const q = (quote || '').trim();
  if (!q) return null;
  const at = text.indexOf(q);
  if (at >= 0) return [at, at + q.length];
  const pattern = q.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  const m = new RegExp(pattern).exec(text);
  return m ? [m.index, m.index + m[0].length] : null;
}

function fillText(text, quote) {
  const box = $('clause-text');
  const span = findQuote(text, quote);
  if (!span) {
    box.textContent = shown(text);
    return null;
  }
  const mark = document.createElement('mark');
  mark.className = 'quote';
  mark.textContent = shown(text.slice(span[0], span[1]));
  box.replaceChildren(shown(text.slice(0, span[0])), mark, shown(text.slice(span[1])));
  return mark;
}

function navButton(id, target) {
  const b = $(id);
  b.disabled = !target;
  b.onclick = target ? () => openClause(target) : null;
}

export async function openClause(id, quote) {
  let c;
  try {
    c = await api(`/api/clause/${encodeURIComponent(id)}`);
  } catch (err) {
    onError(err.message);
    return;
  }
  $('crumb').textContent = [c.docName, ...c.breadcrumb].join(' › ');
  $('clause-title').textContent = `§${c.path} ${c.heading}`;
  $('clause-id').textContent = c.id;
  const mark = fillText(c.text, quote);
  const kids = $('clause-children');
  kids.replaceChildren();
  for (const k of c.children) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = k.title;
    b.addEventListener('click', () => openClause(k.id));
    kids.appendChild(b);
  }
  navButton('prev', c.prev);
  navButton('next', c.next);
  navButton('parent', c.parent);
  panel.hidden = false;
  panel.scrollTop = 0;
  // The address names the clause, so it can be reloaded or shared (the calendar links use it too).
  history.replaceState(null, '', `#clause=${encodeURIComponent(c.id)}`);
  if (mark) mark.scrollIntoView({ block: 'center' });
  panel.dataset.clause = c.id;
}

export function closePanel() {
  panel.hidden = true;
  delete panel.dataset.clause;
  history.replaceState(null, '', location.pathname + location.search);
}

/** The clause a "#clause=<id>" address names (a calendar event's link), or null. */
export function clauseFromHash(hash) {
  const m = /^#clause=(.+)$/.exec(hash);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

$('close').addEventListener('click', closePanel);
