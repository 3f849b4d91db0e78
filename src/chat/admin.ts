// Admin commands: /reindex (re-read corpus/ into the open store, as `planbot index` does) and
// /stats. Who is an admin comes from PLANBOT_ADMINS: "123" is that chat or user on any platform,
// "telegram:123" only on Telegram.
import type { Store } from '../store/repository.js';
import { OutboxStore } from '../store/outbox.js';
import type { Answerer } from '../answer/answerer.js';
import { indexCorpus, type IndexOptions, type IndexSummary } from '../search/indexer.js';
import { textReply, type ChatReply } from '../channels/replies.js';

export function isAdmin(admins: string[], who: { platform: string; chatId: string; userId: string | null }): boolean {
  const ids = [who.userId, who.chatId].filter((x): x is string => Boolean(x));
  return admins.some((a) => {
    const m = /^([a-z]+):(.+)$/.exec(a);
    return m ? m[1] === who.platform && ids.includes(m[2]) : ids.includes(a);
  });
}

export const ADMIN_REFUSAL = 'Xin lỗi, lệnh này chỉ dành cho quản trị viên của planbot.';

function vnTime(iso: string): string {
  return new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
}

export function summaryText(s: IndexSummary): string {
  const lines = [
    `Đã cập nhật chỉ mục: ${s.documents} kế hoạch, ${s.clauses} điều khoản (${s.seconds.toFixed(1)} giây; tìm kiếm ngữ nghĩa ${s.semantic ? 'bật' : 'tắt'}).`,
    `Thêm ${s.added.length}, đổi ${s.changed.length}, xóa ${s.removed.length}, không đổi ${s.unchanged.length}.`,
  ];
  for (const id of [...s.added, ...s.changed]) lines.push(`• mới/đổi: ${id}`);
  for (const id of s.removed) lines.push(`• đã xóa: ${id}`);
  for (const e of s.errors) lines.push(`• bỏ qua ${e.file}: ${e.reason}`);
  return lines.join('\n');
}

/**
 * Index work started from chat, one piece at a time over the app's open store (two indexing passes
 * over one store would race): /reindex and uploads. After each, the answerer forgets cached plan
 * metadata and the retriever loads the vector generation the pass saved.
 */
export class Reindexer {
  private reindexing: Promise<IndexSummary> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly answerer: Answerer,
    private readonly opts: Omit<IndexOptions, 'onProgress'>,
  ) {}

  get busy(): boolean {
    return this.reindexing !== null;
  }

  /** Runs `work` after the index work queued before it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work).finally(async () => {
      this.answerer.refresh();
      await this.answerer.retriever.reloadVectors().catch(() => false); // the old generation still answers
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Re-reads corpus/; a second call while one runs gets the same result. */
  run(): Promise<IndexSummary> {
    this.reindexing ??= this.exclusive(() => indexCorpus(this.store, this.opts)).finally(() => {
      this.reindexing = null;
    });
    return this.reindexing;
  }
}

export async function reindexCommand(reindexer: Reindexer): Promise<ChatReply> {
  if (reindexer.busy) return textReply('Đang lập chỉ mục (một lần khác đã bắt đầu); kết quả sẽ có trong ít phút.');
  try {
    return textReply(summaryText(await reindexer.run()));
  } catch (err) {
    return textReply(`Không lập được chỉ mục: ${(err as Error).message}. Chỉ mục cũ vẫn được giữ nguyên.`);
  }
}

const KIND_VI: Record<string, string> = { reply: 'Trả lời Zalo', reminder: 'Nhắc hạn', summary: 'Tóm tắt', digest: 'Tin tuần' };
const STATUS_VI: Record<string, string> = { pending: 'chờ gửi', in_flight: 'đang gửi', sent: 'đã gửi', failed: 'thất bại', held: 'giữ lại', stopped: 'dừng', cancelled: 'huỷ' };

/** One line a kind of outbox row: how many in each status (retrying rows are pending; their reasons are in the log and `planbot notify`). */
function outboxLines(rows: { kind: string; status: string; n: number }[]): string[] {
  const byKind = new Map<string, string[]>();
  for (const r of rows) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), `${STATUS_VI[r.status] ?? r.status} ${r.n}`]);
  return [...byKind].map(([k, parts]) => `${KIND_VI[k] ?? k}: ${parts.join(', ')}`);
}

export async function statsCommand(store: Store, semantic: { embedder: unknown; reason: string | null }): Promise<ChatReply> {
  const s = await store.chats.stats();
  const last = await store.getSetting('last_index_at');
  const docs = await store.listDocuments();
  const pct = s.questions ? ` (${((100 * s.abstentions) / s.questions).toFixed(0)}%)` : '';
  const ob = new OutboxStore(store.db);
  const outbox = await ob.countsByKind();
  const troubles = await ob.troubles();
  return textReply(
    [
      `Câu hỏi: ${s.questions}; không trả lời được (kế hoạch không nêu): ${s.abstentions}${pct}`,
      `Góp ý: 👍 ${s.feedback.up}, 👎 ${s.feedback.down}, ý kiến viết ${s.feedback.comments}`,
      `Người theo dõi: ${s.subscribers} chat, ${s.subscriptions} mục theo dõi; đã liên hệ ${s.chats} chat`,
      `Chỉ mục: ${docs.length} kế hoạch; lập lần cuối ${last ? vnTime(last) : 'không rõ'}`,
      `Tìm kiếm ngữ nghĩa: ${semantic.embedder ? 'bật' : `tắt (${semantic.reason ?? 'không có mô hình'})`}`,
      ...outboxLines(outbox),
      ...troubles.map((t) => `${t.state === 'retry' ? 'Đang thử lại' : 'Thất bại'} (${KIND_VI[t.kind] ?? t.kind}) ${t.n}: ${t.reason}`),
    ].join('\n'),
    { title: 'Thống kê planbot' },
  );
}
