// The web chat's question log and 👍/👎, stored as Telegram's are (store.chats: question_log and
// feedback, platform "web"). The page has no account behind it: it makes a random id once and keeps
// it in the browser, and a vote counts only from the id that asked, so nobody votes on another's answer.
import type { Store } from '../../store/repository.js';
import type { Answer } from '../../answer/compose.js';
import { HttpError, type HttpServer } from '../http.js';

export const WEB_PLATFORM = 'web';
const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** Questions asked without an id (a script, curl): logged, but no one can vote on them. */
const ANONYMOUS = 'anonymous';

/** The page's id for itself, when it sent a well-formed one. */
export function webClientId(raw: unknown): string | null {
  return typeof raw === 'string' && CLIENT_ID.test(raw) ? raw : null;
}

/** Logs an answered question as the chat core does; its id is what the page's 👍/👎 refer to. */
export function logWebQuestion(store: Store, client: string | null, question: string, a: Answer): Promise<number> {
  const who = client ?? ANONYMOUS;
  return store.chats.logQuestion({
    platform: WEB_PLATFORM,
    chatId: who,
    userId: who,
    question,
    answer: a.answer,
    lang: a.lang,
    intent: a.intent,
    abstained: a.abstained,
    citations: a.citations,
  });
}

export function registerFeedbackRoute(o: { store: Store; http: HttpServer }): void {
  o.http.route(
    'POST',
    '/api/feedback',
    async (req) => {
      const body = req.json<{ question?: unknown; vote?: unknown; client?: unknown }>();
      const client = webClientId(body?.client);
      const qid = body?.question;
      if (!client || typeof qid !== 'number' || !Number.isSafeInteger(qid) || (body.vote !== 'up' && body.vote !== 'down')) {
        throw new HttpError(400, 'gửi {"question": <số>, "vote": "up" | "down", "client": "<mã trình duyệt>"}');
      }
      const q = await o.store.chats.getQuestion(qid);
      if (!q || q.platform !== WEB_PLATFORM || q.chatId !== client) throw new HttpError(404, 'không có câu trả lời này trong nhật ký của bạn');
      await o.store.chats.vote(qid, { platform: WEB_PLATFORM, chatId: client, userId: client }, body.vote);
      return { status: 200, body: { ok: true, vote: body.vote, notice: body.vote === 'up' ? 'Cảm ơn! Đã ghi nhận 👍' : 'Cảm ơn! Đã ghi nhận 👎' } };
    },
    { maxBodyBytes: 1024, contentTypes: ['application/json'] },
  );
}
