// A plan sent to the bot by an admin → ingestUpload (src/search/ingest.ts: checks, saves into
// corpus/, indexes) → a reply saying what was found, or why the file was refused. A scan gets
// "đang nhận dạng 12 trang…" at once and the summary when its OCR is done.
import { startIngest, UploadError, type IngestContext, type IngestResult } from '../search/ingest.js';
import type { Reindexer } from './admin.js';
import type { UploadHandler } from './core.js';
import { textReply, type ChatReply } from '../channels/replies.js';

export function describeIngest(r: IngestResult): string {
  const lines = [
    `Đã nhận và lập chỉ mục ${r.file}: «${r.title}»${r.schoolYear ? `, năm học ${r.schoolYear}` : ''}.`,
    `${r.clauses} điều khoản, ${r.targets} chỉ tiêu, ${r.deadlines} mốc thời gian. Mã kế hoạch: ${r.docId}`,
  ];
  if (r.ocr) lines.push(OCR_NOTE);
  if (r.supersedes.length) lines.push(`Thay cho bản cũ: ${r.supersedes.join(', ')}.`);
  return lines.join('\n');
}

const OCR_NOTE = 'Văn bản quét, đọc bằng nhận dạng chữ (OCR): trích dẫn từ văn bản này có thể sai sót nhận dạng.';

/** Said at once when a scan is sent: OCR takes seconds a page, and questions are answered meanwhile. */
export const ocrStarted = (fileName: string, pages: number) => `Đang nhận dạng ${pages} trang… (${fileName} là văn bản quét). planbot sẽ báo khi xong; trong lúc chờ, vẫn hỏi được về các kế hoạch khác.`;

function ingested(r: IngestResult): ChatReply {
  return textReply(describeIngest(r), { buttons: [[{ text: `📑 ${r.docId}`, action: { t: 'doc', id: r.docId } }]] });
}

function refused(fileName: string, err: unknown): ChatReply {
  if (err instanceof UploadError) return textReply(`Không nhận tệp ${fileName}: ${err.message}.`);
  throw err;
}

/** Uploads run in the reindexer's queue, so an upload and a /reindex never index at the same time. */
export function uploadHandler(ctx: IngestContext, reindexer: Reindexer): UploadHandler {
  return async (fileName, bytes) => {
    try {
      const started = await startIngest((work) => reindexer.exclusive(work), ctx, fileName, bytes);
      if ('done' in started) return ingested(started.done);
      return { reply: textReply(ocrStarted(fileName, started.ocrPages)), later: started.result.then(ingested, (err) => refused(fileName, err)).then((r) => [r]) };
    } catch (err) {
      return refused(fileName, err);
    }
  };
}
