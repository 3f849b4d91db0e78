// Reading named parts of a zip archive (a .docx) without trusting it: limits are checked on
// the sizes the archive declares before anything is inflated, and inflating stops as soon as
// an entry grows past its declared size (yauzl's size validation), so a zip bomb costs nothing.
import yauzl from 'yauzl';

export interface ZipLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Declared inflated size of one part we read. */
  maxPartBytes: number;
  /** Declared inflated size of all entries together. */
  maxTotalBytes: number;
  /** Inflated/compressed ratio above which a part over 1 MiB is a bomb, not a document. */
  maxRatio: number;
}

export const DOCX_LIMITS: ZipLimits = { maxEntries: 5000, maxPartBytes: 64 * 2 ** 20, maxTotalBytes: 256 * 2 ** 20, maxRatio: 100 };

/** The archive is unsafe or unreadable; the message says why. */
export class ZipError extends Error {}

const mib = (n: number) => (n < 2 ** 20 ? `${Math.ceil(n / 1024)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);

function openZip(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(new ZipError(`not a readable zip archive (${err.message})`)) : resolve(zip!))),
  );
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      entries.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) => reject(new ZipError(`not a readable zip archive (${err.message})`)));
    zip.readEntry();
  });
}

function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(new ZipError(`cannot read ${entry.fileName} (${err?.message})`));
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', (e: Error) => reject(new ZipError(`cannot read ${entry.fileName} (${e.message})`)));
    });
  });
}

/**
 * Reads the wanted parts (missing ones are absent from the result). Refuses, before
 * inflating anything, an archive whose declared sizes break the limits.
 */
export async function readZipParts(bytes: Buffer, wanted: string[], limits: ZipLimits = DOCX_LIMITS): Promise<Map<string, Buffer>> {
  const zip = await openZip(bytes);
  try {
    if (zip.entryCount > limits.maxEntries) throw new ZipError(`the archive has ${zip.entryCount} entries (at most ${limits.maxEntries})`);
    const entries = await listEntries(zip);
    const total = entries.reduce((n, e) => n + e.uncompressedSize, 0);
    if (total > limits.maxTotalBytes) throw new ZipError(`looks like a zip bomb: its entries declare ${mib(total)} inflated (at most ${mib(limits.maxTotalBytes)})`);
    const parts = new Map<string, Buffer>();
    for (const e of entries) {
      if (!wanted.includes(e.fileName)) continue;
      if (e.isEncrypted()) throw new ZipError(`${e.fileName} is encrypted (a password-protected document)`);
      if (e.uncompressedSize > limits.maxPartBytes) throw new ZipError(`${e.fileName} declares ${mib(e.uncompressedSize)} inflated (at most ${mib(limits.maxPartBytes)})`);
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (e.uncompressedSize > 2 ** 20 && ratio > limits.maxRatio) {
        throw new ZipError(`looks like a zip bomb: ${e.fileName} would inflate ${Math.round(ratio)} times (${mib(e.compressedSize)} → ${mib(e.uncompressedSize)})`);
      }
      parts.set(e.fileName, await inflate(zip, e));
    }
    return parts;
  } finally {
    zip.close();
  }
}
