// A chat reply (src/channels/replies.ts) as the page shows it: its blocks, its citations, and
// the buttons that make sense in a page (open a clause, ask a question, ask within a plan);
// the others (votes, subscriptions) need a chat account and are left out.
import type { ChatReply } from '../../channels/replies.js';

export interface WebButton {
  text: string;
  clause?: string;
  ask?: string;
  /** Ask within this plan. */
  doc?: string;
}

export interface WebReply {
  blocks: ChatReply['blocks'];
  citations: ChatReply['citations'];
  buttons: WebButton[];
}

export function webReply(r: ChatReply): WebReply {
  const buttons: WebButton[] = [];
  for (const b of r.buttons.flat()) {
    const a = b.action;
    if (a.t === 'clause') buttons.push({ text: b.text, clause: a.id });
    else if (a.t === 'ask') buttons.push({ text: b.text, ask: a.q });
    else if (a.t === 'doc') buttons.push({ text: b.text, doc: a.id });
    else if (a.t === 'help') buttons.push({ text: b.text, ask: '/help' });
  }
  return { blocks: r.blocks, citations: r.citations, buttons };
}
