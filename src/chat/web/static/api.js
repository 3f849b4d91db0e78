// The page's one way to the server: JSON in and out; an error carries the server's own message,
// its status and, for 429, the seconds to wait (Retry-After).
export class ApiError extends Error {
  constructor(message, status, retryAfter) {
    super(message);
    this.status = status;
    this.retryAfter = retryAfter;
  }
}

export async function api(path, options) {
  let res;
  try {
    res = await fetch(path, options);
  } catch {
    throw new ApiError('Không kết nối được tới máy chủ planbot.', 0, 0);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* an answer without JSON */
  }
  if (!res.ok) {
    const wait = Number((body && body.retryAfter) || res.headers.get('retry-after')) || 0;
    throw new ApiError((body && body.error) || `Lỗi máy chủ (HTTP ${res.status}).`, res.status, wait);
  }
  return body;
}

export const postJson = (path, value) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

/** Shorthand for an element with a class and text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

let docsPromise = null;
/** The indexed plans (GET /api/docs), fetched once per page. */
export function loadDocs() {
  docsPromise ??= api('/api/docs').then((b) => b.docs).catch((err) => {
    docsPromise = null;
    throw err;
  });
  return docsPromise;
}
