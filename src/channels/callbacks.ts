// Button payloads behind short keys. Telegram allows 64 bytes of callback_data; a clause id or a
// question does not fit, so a button carries `k:<key>` and the payload lives in SQLite, where it
// outlives a restart. The key is a hash of the payload: the same button always gets the same key,
// so sending it again adds no row.
import { createHash } from 'node:crypto';
import type { Store } from '../store/repository.js';
import type { SubscriptionKind, Vote } from '../store/chats.js';

/** What a button does when pressed. */
export type CallbackPayload =
  | { t: 'clause'; id: string }
  | { t: 'ask'; q: string }
  | { t: 'doc'; id: string }
  | { t: 'vote'; qid: number; v: Vote }
  | { t: 'sub'; kind: SubscriptionKind; target: string; label: string }
  | { t: 'unsub'; id: number }
  | { t: 'help' };

const PREFIX = 'k:';
const KEY_LENGTH = 16; // base64url characters: 96 bits, so collisions are not a concern

export function callbackKey(payload: CallbackPayload): string {
  return createHash('sha256').update(JSON.stringify(payload)).digest('base64url').slice(0, KEY_LENGTH);
}

/** Stores the payload and returns the callback data for a button: `k:<16 characters>` (18 bytes). */
export async function callbackFor(store: Store, payload: CallbackPayload): Promise<string> {
  const key = callbackKey(payload);
  await store.chats.putCallback(key, JSON.stringify(payload));
  return `${PREFIX}${key}`;
}

/** callbackFor for many buttons at once, stored in one write; data in the order given. */
export async function callbacksFor(store: Store, payloads: CallbackPayload[]): Promise<string[]> {
  const entries = payloads.map((p) => ({ key: callbackKey(p), payload: JSON.stringify(p) }));
  if (entries.length) await store.chats.putCallbacks(entries);
  return entries.map((e) => `${PREFIX}${e.key}`);
}

/** The payload behind callback data, or null when the data is not one of ours or its key is unknown. */
export async function resolveCallback(store: Store, data: string): Promise<CallbackPayload | null> {
  if (!data.startsWith(PREFIX)) return null;
  const raw = await store.chats.getCallback(data.slice(PREFIX.length));
  if (!raw) return null;
  try {
    return JSON.parse(raw) as CallbackPayload;
  } catch {
    return null;
  }
}
