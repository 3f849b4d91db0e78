// A parse pool worker (parsePool.ts): a plan's text in, its clauses, metadata and facts out.
// Pure work, the same functions the indexer calls in its own thread without a pool.
import { parentPort } from 'node:worker_threads';
import { DocumentError } from '../corpus/index.js';
import { parseWithFacts, type ParseRequest, type ParseReply } from './parsePool.js';

const port = parentPort!;
port.on('message', ({ id, file, docId, text }: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { id, ok: parseWithFacts(file, docId, text) };
  } catch (err) {
    const e = err as Error;
    reply = { id, error: { message: e.message, stack: e.stack, documentFile: err instanceof DocumentError ? err.file : null } };
  }
  port.postMessage(reply);
});
