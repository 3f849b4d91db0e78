// A command's reply (/hanchot, /help, /dieukhoan …) shown as what it is: its blocks (a title in
// bold, a note apart) and its buttons, which open a clause, ask a question or ask within a plan.
import { el } from './api.js';

/**
 * Fills the message `li` with the reply. `actions` has clause(id, quote), ask(text) and doc(id).
 */
export function showCommandReply(li, reply, actions) {
  li.className = 'msg bot command';
  li.replaceChildren();
  // The source list ("Nguồn:\n[1] …") is what the buttons stand for: shown once, as their tooltips.
  const sources = new Map();
  for (const b of reply.blocks) {
    const list = /^(?:Nguồn|Sources):\n/.test(b.text) && reply.buttons.length ? b.text.split('\n').slice(1) : null;
    if (!list) {
      li.appendChild(el('div', `text${b.style ? ` ${b.style}` : ''}`, b.text));
      continue;
    }
    for (const line of list) {
      const m = /^\[(\d+)\] (.+)$/.exec(line);
      if (m) sources.set(m[1], m[2]);
    }
  }
  const buttons = el('div', 'chips');
  for (const b of reply.buttons) {
    const button = el('button', 'chip', b.text);
    button.type = 'button';
    const n = /^\[(\d+)\]/.exec(b.text);
    if (n && sources.has(n[1])) {
      const source = sources.get(n[1]);
      button.textContent = `[${n[1]}] ${source.length > 70 ? `${source.slice(0, 69)}…` : source}`;
      button.title = source;
    }
    if (b.clause) {
      button.dataset.clause = b.clause;
      // A numbered button stands for a citation: its clause opens with the quoted sentence marked.
      const cited = n && reply.citations.find((c) => String(c.n) === n[1] && c.clauseId === b.clause);
      button.addEventListener('click', () => actions.clause(b.clause, cited ? cited.quote : undefined));
    } else if (b.ask) button.addEventListener('click', () => actions.ask(b.ask));
    else if (b.doc) button.addEventListener('click', () => actions.doc(b.doc));
    buttons.appendChild(button);
  }
  if (buttons.childElementCount) li.appendChild(buttons);
}
