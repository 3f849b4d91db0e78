// planbot's web chat: ask, show the answer with citation chips, open a cited clause in the side
// panel and walk to its neighbours. Plain browser JavaScript, no build step, no external files.
'use strict';

const $ = (id) => document.getElementById(id);
const messages = $('messages');
const form = $('ask');
const input = $('question');
const send = $('send');
const panel = $('panel');

function add(kind, text) {
  const li = document.createElement('li');
  li.className = `msg ${kind}`;
  const div = document.createElement('div');
  div.className = 'text';
  div.textContent = text;
  li.appendChild(div);
  messages.appendChild(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}

async function api(path, options) {
  let res;
  try {
    res = await fetch(path, options);
  } catch {
    throw new Error('Không kết nối được tới máy chủ planbot.');
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* an answer without JSON */
  }
  if (!res.ok) throw new Error((body && body.error) || `Lỗi máy chủ (HTTP ${res.status}).`);
  return body;
}

// The answer text ends with its source list ("[1] Hồng Bàng 2023-2024, §III.1.1 Chỉ tiêu"); the
// chips below stand for it and take their labels from it.
const SOURCES = /\n\n(?:Nguồn|Sources):\n/;
const withoutSources = (text) => text.split(SOURCES)[0];
function sourceLabels(text) {
  const labels = new Map();
  const list = text.split(SOURCES)[1] || '';
  for (const line of list.split('\n')) {
    const m = /^\[(\d+)\] (.+)$/.exec(line);
    if (m) labels.set(Number(m[1]), m[2].length > 70 ? `${m[2].slice(0, 69)}…` : m[2]);
  }
  return labels;
}

// A non-answer is marked as such above its text: "not sure" shows the closest passages, "not found"
// that the plans do not say.
const OUTCOME_BADGES = { unsure: 'Chưa chắc chắn — các đoạn gần nhất, không phải câu trả lời', not_found: 'Kế hoạch không nêu' };

function showAnswer(li, a) {
  const outcome = a.outcome || (a.abstained ? 'not_found' : 'answer');
  li.className = `msg bot outcome-${outcome}${a.abstained ? ' abstained' : ''}`;
  if (OUTCOME_BADGES[outcome]) {
    const badge = document.createElement('div');
    badge.className = 'badge';
    badge.textContent = OUTCOME_BADGES[outcome];
    li.insertBefore(badge, li.querySelector('.text'));
  }
  li.querySelector('.text').textContent = withoutSources(a.answer);
  if (a.citations.length) {
    const labels = sourceLabels(a.answer);
    const chips = document.createElement('div');
    chips.className = 'chips';
    for (const c of a.citations) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      b.dataset.clause = c.clauseId;
      b.title = `${c.docTitle} — ${c.heading}`;
      b.textContent = `[${c.n}] ${labels.get(c.n) || `${c.docId} §${c.section}`}`;
      b.addEventListener('click', () => openClause(c.clauseId));
      chips.appendChild(b);
    }
    li.appendChild(chips);
  }
}

async function ask(question) {
  add('user', question);
  const pending = add('bot pending', 'Đang tìm trong các kế hoạch…');
  send.disabled = true;
  try {
    const a = await api('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    showAnswer(pending, a);
  } catch (err) {
    pending.className = 'msg error';
    pending.querySelector('.text').textContent = err.message;
  } finally {
    send.disabled = false;
  }
}

function navButton(id, target) {
  const b = $(id);
  b.disabled = !target;
  b.onclick = target ? () => openClause(target) : null;
}

async function openClause(id) {
  try {
    const c = await api(`/api/clause/${encodeURIComponent(id)}`);

    $('crumb').textContent = [c.docName, ...c.breadcrumb].join(' › ');
    $('clause-title').textContent = `§${c.path} ${c.heading}`;
    $('clause-id').textContent = c.id;
    $('clause-text').textContent = c.text.replace(/\t/g, ' | ');
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
  } catch (err) {
    add('error', err.message);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = input.value.trim();
  if (!q) return;
  input.value = '';
  ask(q);
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault();
    form.requestSubmit();
  }
});
for (const b of document.querySelectorAll('.example')) b.addEventListener('click', () => ask(b.textContent));
$('close').addEventListener('click', () => {
  panel.hidden = true;
});
