// Zalo OA webhook authenticity: X-ZEvent-Signature is `mac=` + hex sha256(app_id + raw body +
// timestamp + OA secret key), the timestamp being the event's own (milliseconds). The mac is
// checked on the bytes as received, before anything in the event is acted on; a stale event
// (older than five minutes, or from the future) is refused like a forged one.
import { createHash, timingSafeEqual } from 'node:crypto';

export const MAX_EVENT_AGE_MS = 5 * 60_000;

export interface ZaloEvent {
  event_name: string;
  timestamp: string | number;
  app_id?: string;
  sender?: { id?: string };
  recipient?: { id?: string };
  follower?: { id?: string };
  user_id_by_app?: string;
  message?: { text?: string; msg_id?: string };
  [k: string]: unknown;
}

export function zaloMac(appId: string, rawBody: Buffer | string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256').update(appId).update(rawBody).update(timestamp).update(oaSecretKey).digest('hex');
}

export type Verified = { ok: true; event: ZaloEvent; eventId: string } | { ok: false; reason: string };

/** Verifies a webhook delivery; the event is returned only when it is authentic and fresh. */
export function verifyZaloEvent(o: { signature: string | undefined; rawBody: Buffer; appId: string; oaSecretKey: string; now: Date }): Verified {
  if (!o.signature) return { ok: false, reason: 'no X-ZEvent-Signature header' };
  let event: ZaloEvent;
  try {
    event = JSON.parse(o.rawBody.toString('utf8')) as ZaloEvent;
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  if (!event || typeof event !== 'object' || typeof event.event_name !== 'string') return { ok: false, reason: 'the body is not a Zalo event' };
  const ts = String(event.timestamp ?? '');
  if (!/^\d{10,16}$/.test(ts)) return { ok: false, reason: 'the event has no timestamp' };
  const expected = Buffer.from(`mac=${zaloMac(o.appId, o.rawBody, ts, o.oaSecretKey)}`);
  const given = Buffer.from(o.signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'wrong signature' };
  const age = o.now.getTime() - Number(ts);
  if (age > MAX_EVENT_AGE_MS) return { ok: false, reason: `stale event (${Math.round(age / 1000)} s old)` };
  if (age < -MAX_EVENT_AGE_MS) return { ok: false, reason: 'event timestamp is in the future' };
  const msgId = event.message?.msg_id;
  const eventId = `${event.event_name}:${msgId ?? createHash('sha256').update(o.rawBody).digest('hex').slice(0, 32)}`;
  return { ok: true, event, eventId };
}
