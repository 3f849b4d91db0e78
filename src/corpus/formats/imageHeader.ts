// Dimensions of a PNG, JPEG or TIFF read from its header, before anything decodes it: a file
// of a few hundred bytes can declare 60000×60000 pixels (3.6 G), and is refused on that.

export interface ImageSize {
  width: number;
  height: number;
}

export type ImageKind = 'png' | 'jpeg' | 'tiff';

/** Every page's size (TIFF holds several), or null when the header cannot be read. */
export function imageSizes(kind: ImageKind, b: Buffer): ImageSize[] | null {
  if (kind === 'png') return b.length >= 24 && b.toString('ascii', 12, 16) === 'IHDR' ? [{ width: b.readUInt32BE(16), height: b.readUInt32BE(20) }] : null;
  if (kind === 'jpeg') return jpegSize(b);
  return tiffSizes(b);
}

/** The first start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC) holds height then width. */
function jpegSize(b: Buffer): ImageSize[] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = b.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return [{ height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) }];
    i += 2 + len;
  }
  return null;
}

/** Each image file directory's ImageWidth (256) and ImageLength (257); at most 1000 of them. */
function tiffSizes(b: Buffer): ImageSize[] | null {
  if (b.length < 8) return null;
  const le = b[0] === 0x49;
  const u16 = (at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const out: ImageSize[] = [];
  const seen = new Set<number>();
  for (let ifd = u32(4); ifd && out.length < 1000; ) {
    if (seen.has(ifd) || ifd + 2 > b.length) return out.length ? out : null;
    seen.add(ifd);
    const n = u16(ifd);
    if (ifd + 2 + 12 * n + 4 > b.length) return out.length ? out : null;
    const size: ImageSize = { width: 0, height: 0 };
    for (let e = 0; e < n; e++) {
      const at = ifd + 2 + 12 * e;
      const tag = u16(at);
      const value = u16(at + 2) === 3 ? u16(at + 8) : u32(at + 8); // SHORT or LONG
      if (tag === 256) size.width = value;
      if (tag === 257) size.height = value;
    }
    out.push(size);
    ifd = u32(ifd + 2 + 12 * n);
  }
  return out.length ? out : null;
}
