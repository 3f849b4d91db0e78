// A command's reply (/hanchot, /help, /dieukhoan …) shown as what it is: its blocks (a title in
// bold, a note apart) and its buttons, which open a clause, ask a question or ask within a plan.
import { el } from './api.js';

/**
 * Fills the message `li` with the reply. `actions` has clause(id, quote), ask(text) and doc(id).
 */
export function showCommandReply(li, reply, actions) {
  li.className = 'msg bot command';
  li.replaceChildren();
  for (const b of reply.blocks) li.appendChild(el('div', `text${b.style ? ` ${b.style}` : ''}`, b.text));
  const buttons = el('div', 'chips');
  for (const b of reply.buttons) {
    const button = el('button', 'chip', b.text);
    button.type = 'button';
    if (b.clause) {
      button.dataset.clause = b.clause;
      button.addEventListener('click', () => actions.clause(b.clause));
    } else if (b.ask) button.addEventListener('click', () => actions.ask(b.ask));
    else if (b.doc) button.addEventListener('click', () => actions.doc(b.doc));
    buttons.appendChild(button);
  }
  if (buttons.childElementCount) li.appendChild(buttons);
}
