// A plan sent to the bot by an admin → ingestUpload (src/search/ingest.ts: checks, saves into
// corpus/, indexes) → a reply saying what was found, or why the file was refused.
import { ingestUpload, UploadError, type IngestContext, type IngestResult } from '../search/ingest.js';
import type { Reindexer } from './admin.js';
import type { UploadHandler } from './core.js';
import { textReply } from '../channels/replies.js';

export function describeIngest(r: IngestResult): string {
  const lines = [
    `Đã nhận và lập chỉ mục ${r.file}: «${r.title}»${r.schoolYear ? `, năm học ${r.schoolYear}` : ''}.`,
    `${r.clauses} điều khoản, ${r.targets} chỉ tiêu, ${r.deadlines} mốc thời gian. Mã kế hoạch: ${r.docId}`,
  ];
  if (r.supersedes.length) lines.push(`Thay cho bản cũ: ${r.supersedes.join(', ')}.`);
  return lines.join('\n');
}

/** Uploads run in the reindexer's queue, so an upload and a /reindex never index at the same time. */
export function uploadHandler(ctx: IngestContext, reindexer: Reindexer): UploadHandler {
  return async (fileName, bytes) => {
    try {
      const r = await reindexer.exclusive(() => ingestUpload(ctx, fileName, bytes));
      return textReply(describeIngest(r), { buttons: [[{ text: `📑 ${r.docId}`, action: { t: 'doc', id: r.docId } }]] });
    } catch (err) {
      if (err instanceof UploadError) return textReply(`Không nhận tệp ${fileName}: ${err.message}.`);
      throw err;
    }
  };
}
