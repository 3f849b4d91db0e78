// planbot's web chat: ask, show the answer with citation chips and 👍/👎, open a cited clause in
// the side panel; commands typed in the box are answered as commands; a question refused for
// asking too fast stays in the box and is sent when the server allows. The deadlines timeline and
// the plan list are views of their own. Plain browser JavaScript modules, no build step, no
// external files.
import { el, postJson } from './api.js';
import { clauseFromHash, onPanelError, openClause } from './panel.js';
import { showCommandReply } from './reply.js';
import { initPlans, scope, setScope } from './plans.js';
import { initTimeline } from './timeline.js';

const $ = (id) => document.getElementById(id);
const messages = $('messages');
const form = $('ask');
const input = $('question');
const send = $('send');
const wait = $('wait');

/** This browser's id for its questions' feedback: random, kept in the browser, sent with each question. */
const client = (() => {
  const fresh = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    let id = localStorage.getItem('planbot-client');
    if (!id || !/^[0-9a-f]{32}$/.test(id)) localStorage.setItem('planbot-client', (id = fresh()));
    return id;
  } catch {
    return fresh(); // storage refused: feedback works for this visit
  }
})();

function add(kind, text) {
  const li = el('li', `msg ${kind}`);
  li.appendChild(el('div', 'text', text));
  messages.appendChild(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}
onPanelError((message) => add('error', message));

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

function votes(li, questionId) {
  const row = el('div', 'votes');
  const note = el('span', 'vote-note');
  for (const [v, text] of [['up', '👍 Hữu ích'], ['down', '👎 Chưa đúng']]) {
    const b = el('button', `vote vote-${v}`, text);
    b.type = 'button';
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', async () => {
      try {
        const r = await postJson('/api/feedback', { question: questionId, vote: v, client });
        for (const other of row.querySelectorAll('.vote')) other.setAttribute('aria-pressed', String(other === b));
        note.textContent = r.notice;
      } catch (err) {
        note.textContent = err.message;
      }
    });
    row.appendChild(b);
  }
  row.appendChild(note);
  li.appendChild(row);
}

function showAnswer(li, a) {
  const outcome = a.outcome || (a.abstained ? 'not_found' : 'answer');
  li.className = `msg bot outcome-${outcome}${a.abstained ? ' abstained' : ''}`;
  if (OUTCOME_BADGES[outcome]) li.insertBefore(el('div', 'badge', OUTCOME_BADGES[outcome]), li.querySelector('.text'));
  li.querySelector('.text').textContent = withoutSources(a.answer);
  if (a.citations.length) {
    const labels = sourceLabels(a.answer);
    const chips = el('div', 'chips');
    for (const c of a.citations) {
      const b = el('button', 'chip', `[${c.n}] ${labels.get(c.n) || `${c.docId} §${c.section}`}`);
      b.type = 'button';
      b.dataset.clause = c.clauseId;
      b.title = `${c.docTitle} — ${c.heading}`;
      b.addEventListener('click', () => openClause(c.clauseId, c.quote));
      chips.appendChild(b);
    }
    li.appendChild(chips);
  }
  if (a.questionId) votes(li, a.questionId);
}

// ---- asking, and waiting when the server says "too fast" ----

let retryAt = 0;
let retryTimer = null;

function countdown() {
  const left = Math.ceil((retryAt - Date.now()) / 1000);
  if (left > 0) {
    wait.textContent = `Bạn hỏi nhanh quá; câu hỏi vẫn ở trong ô. Gửi lại sau ${left} giây…`;
    retryTimer = setTimeout(countdown, Math.min(1000, retryAt - Date.now() - (left - 1) * 1000));
    return;
  }
  retryTimer = null;
  wait.hidden = true;
  send.disabled = false;
  // What is in the box then is sent: the kept question, or the person's correction of it.
  if (input.value.trim()) form.requestSubmit();
}

function waitAndResend(question, seconds) {
  if (!input.value.trim()) input.value = question;
  retryAt = Date.now() + seconds * 1000;
  wait.hidden = false;
  send.disabled = true;
  clearTimeout(retryTimer);
  countdown();
}

const actions = {
  clause: (id, quote) => openClause(id, quote),
  ask: (text) => ask(text),
  doc: (docId) => {
    setScope({ doc: docId, year: '' });
    input.focus();
  },
};

async function ask(question) {
  if (retryTimer) {
    // Still waiting: the newest question takes the box, sent when the wait ends.
    input.value = question;
    return;
  }
  const mine = add('user', question);
  const pending = add('bot pending', 'Đang tìm trong các kế hoạch…');
  send.disabled = true;
  try {
    const a = await postJson('/api/ask', { question, client, ...scope() });
    if (a.command) showCommandReply(pending, a.reply, actions);
    else showAnswer(pending, a);
    send.disabled = false;
  } catch (err) {
    if (err.status === 429 && err.retryAfter > 0) {
      mine.remove();
      pending.remove();
      waitAndResend(question, err.retryAfter);
      return;
    }
    pending.className = 'msg error';
    pending.querySelector('.text').textContent = err.message;
    send.disabled = false;
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = input.value.trim();
  if (!q || retryTimer) return;
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

// ---- views: the chat, the deadlines, the plans ----

let showDeadlines = null;
function show(view) {
  for (const tab of document.querySelectorAll('#tabs [role="tab"]')) {
    const on = tab.dataset.view === view;
    tab.setAttribute('aria-selected', String(on));
    $(tab.dataset.view).hidden = !on;
  }
}
for (const tab of document.querySelectorAll('#tabs [role="tab"]')) {
  tab.addEventListener('click', () => {
    show(tab.dataset.view);
    if (tab.dataset.view === 'deadlines') showDeadlines?.();
  });
}

const timelineReady = initTimeline(openClause).then((fn) => (showDeadlines = fn));
initPlans({
  ask: (doc, year) => {
    setScope({ doc, year });
    show('chat');
    input.focus();
  },
  deadlines: async (doc) => {
    show('deadlines');
    await timelineReady;
    showDeadlines(doc);
  },
}).catch((err) => add('error', err.message));

// A calendar event's link ("…/#clause=<id>") opens its clause.
function openFromHash() {
  const id = clauseFromHash(location.hash);
  if (id) openClause(id);
}
window.addEventListener('hashchange', openFromHash);
openFromHash();
