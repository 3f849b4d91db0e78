// The issuing body from the header's issuer cell ("UỶ BAN NHÂN DÂN TỈNH GIA LAI", "BỘ TÀI
// CHÍNH", "UBND THÀNH PHỐ CÀ MAU PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "THỦ TƯỚNG CHÍNH PHỦ"), by its
// natural name, with its level and type. A bare "ỦY BAN NHÂN DÂN" takes its locality from the
// text; a Sở plan headed by its parent UBND is the Sở's (its number says SGDĐT).
import { agencyCase, nameCase } from './casing.js';

export type IssuerLevel = 'central' | 'province' | 'district' | 'commune' | 'school';

export interface Issuer {
  name: string;
  level: IssuerLevel | null;
  type: string;
  /** "tỉnh Gia Lai", "quận Hồng Bàng", "Thành phố Hồ Chí Minh": the locality it governs. */
  locality: string | null;
}

/** Cities governed directly by the centre: their UBND and Sở are of province level. */
const CENTRAL_CITIES = ['hà nội', 'hồ chí minh', 'hải phòng', 'đà nẵng', 'cần thơ', 'huế'];
const UNIT = '(TỈNH|THÀNH PHỐ|TP\\.?|QUẬN|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)';

export const ISSUER_HEAD = /^(?:(?:CHỦ TỊCH\s+)?(?:ỦY|UỶ) BAN|UBND|BỘ\s|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|SỞ\s|PHÒNG\s|BAN (?:CHỈ ĐẠO|QUẢN LÝ|DÂN TỘC)|HỘI ĐỒNG NHÂN DÂN|VĂN PHÒNG)/u;

/** "thành phố Hà Nội"; the city named after a person keeps its capital: "Thành phố Hồ Chí Minh". */
export function localityOf(unit: string, name: string): string {
  const u = unit.toLocaleLowerCase('vi').replace(/^tp\.?$/, 'thành phố');
  if (u === 'thành phố' && /^Hồ Chí Minh$/u.test(name)) return `Thành phố ${name}`;
  return `${u} ${name}`;
}

export function levelOf(locality: string): IssuerLevel {
  const l = locality.toLocaleLowerCase('vi');
  if (l.startsWith('tỉnh')) return 'province';
  if (l.startsWith('thành phố')) return CENTRAL_CITIES.some((c) => l.endsWith(c)) ? 'province' : 'district';
  if (/^(quận|huyện|thị xã)/.test(l)) return 'district';
  return 'commune';
}

// (Only a unit word is lowered: a bare place name keeps its capital.)
const lowerFirst = (s: string) => (/^Thành phố Hồ Chí Minh/.test(s) || !/^(?:Tỉnh|Thành phố|Quận|Huyện|Thị xã|Xã|Phường|Thị trấn)(?![\p{L}])/iu.test(s) ? s : s.charAt(0).toLocaleLowerCase('vi') + s.slice(1));

function child(kind: string, rest: string, locality: string | null): Issuer {
  const type = kind === 'SỞ' ? 'Sở' : 'Phòng';
  const name = `${type} ${agencyCase(rest)}${locality ? ` ${lowerFirst(locality)}` : ''}`;
  return { name, level: type === 'Sở' ? 'province' : 'district', type, locality };
}

/**
 * `cell`: the issuer cell, mended, in capitals. `findLocality` names the locality when the
 * cell gives none (from the signing place and the text: "tỉnh An Giang").
 */
export function parseIssuer(cell: string, findLocality: () => string | null, placeName: string | null = null): Issuer | null {
  const c = cell
    .replace(/^CHỦ TỊCH\s+/u, '')
    .replace(/\s+/g, ' ')
    .replace(/(?<![\p{L}])UỶ(?![\p{L}])/gu, 'ỦY')
    // "HỘI ĐỒNG NHÂN DÂN TỈNH HẬU GIANG KHÓA X KỲ HỌP THỨ 25": the council's term and session are not its name.
    .replace(/\s+KH(?:ÓA|OÁ)\s+[IVXLC\d]+\b.*$/u, '')
    .trim();
  let m: RegExpExecArray | null;
  // "SỞ GD&ĐT THANH HÓA / TRƯỜNG THPT LÊ LỢI": the school under its parent issues the document
  // (a school type must follow: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH …" is no school).
  if ((m = new RegExp(`^(?:(?:SỞ|PHÒNG|UBND|ỦY BAN NHÂN DÂN) .+? )?TRƯỜNG (${SCHOOL_TYPE}) (.+)$`, 'u').exec(c))) {
    return { name: schoolName(m[1], m[2]), level: 'school', type: 'Trường', locality: findLocality() };
  }
  if (/^THỦ TƯỚNG( CHÍNH PHỦ)?$/u.test(c)) return { name: 'Thủ tướng Chính phủ', level: 'central', type: 'Thủ tướng', locality: null };
  if (/^CHÍNH PHỦ$/u.test(c)) return { name: 'Chính phủ', level: 'central', type: 'Chính phủ', locality: null };
  if (/^ỦY BAN THƯỜNG VỤ QUỐC HỘI$/u.test(c)) return { name: 'Ủy ban Thường vụ Quốc hội', level: 'central', type: 'Quốc hội', locality: null };
  if (/^QUỐC HỘI$/u.test(c)) return { name: 'Quốc hội', level: 'central', type: 'Quốc hội', locality: null };
  if ((m = /^BỘ (.+)$/u.exec(c))) return { name: `Bộ ${agencyCase(m[1])}`, level: 'central', type: 'Bộ', locality: null };
  if ((m = new RegExp(`^(?:ỦY BAN NHÂN DÂN|UBND)(?:\\s+${UNIT}\\s+(.+?))?(?:\\s+(SỞ|PHÒNG)\\s+(.+))?$`, 'u').exec(c))) {
    const locality = m[1] ? localityOf(m[1], nameCase(m[2])) : findLocality();
    if (m[3]) return child(m[3], m[4], locality);
    if (!locality) return { name: 'UBND', level: null, type: 'UBND', locality: null };
    return { name: `UBND ${locality}`, level: levelOf(locality), type: 'UBND', locality };
  }
  if ((m = new RegExp(`^(SỞ|PHÒNG) (.+?)(?:\\s+${UNIT}\\s+(.+))?$`, 'u').exec(c))) {
    const locality = m[3] ? localityOf(m[3], nameCase(m[4])) : findLocality();
    // "SỞ GIÁO DỤC VÀ ĐÀO TẠO NGHỆ AN": the place written without its unit word ends the name.
    const place = placeName?.toLocaleUpperCase('vi');
    if (!m[3] && place && m[2].endsWith(` ${place}`)) return child(m[1], m[2].slice(0, -place.length - 1), locality ?? placeName);
    return child(m[1], m[2], locality);
  }
  if ((m = new RegExp(`^HỘI ĐỒNG NHÂN DÂN\\s+${UNIT}\\s+(.+)$`, 'u').exec(c))) {
    const locality = localityOf(m[1], nameCase(m[2]));
    return { name: `HĐND ${locality}`, level: levelOf(locality), type: 'HĐND', locality };
  }
  if ((m = /^BAN CHỈ ĐẠO (.+)$/u.exec(c))) return { name: `Ban Chỉ đạo ${m[1].toLocaleLowerCase('vi')}`, level: null, type: 'Ban Chỉ đạo', locality: null };
  return null;
}

// School types as headers write them: abbreviations (kept) or words (in sentence case).
const SCHOOL_TYPE = 'THPT|THCS|TH&THCS|THCS&THPT|TH-THCS|THCS-THPT|TH|MN|MG|PTDTNT|PTDTBT|PT|GDTX|TRUNG HỌC PHỔ THÔNG|TRUNG HỌC CƠ SỞ|TIỂU HỌC|MẦM NON|MẪU GIÁO|PHỔ THÔNG DÂN TỘC NỘI TRÚ|PHỔ THÔNG DÂN TỘC BÁN TRÚ|PHỔ THÔNG|CHUYÊN';

/** "TRƯỜNG THPT LÊ LỢI" → "Trường THPT Lê Lợi", "TRƯỜNG TIỂU HỌC KIM ĐỒNG" → "Trường Tiểu học Kim Đồng". */
function schoolName(type: string, name: string): string {
  const t = /^[A-Z&-]+$/.test(type) ? type : type.charAt(0) + type.slice(1).toLocaleLowerCase('vi');
  return `Trường ${t} ${nameCase(name)}`;
}

/** The Sở or Phòng behind a parent UBND header, read from the number's organ code. */
export function issuerFromCode(parent: Issuer, code: string | null): Issuer {
  if (!code || parent.type !== 'UBND') return parent;
  const organs = code.split(/[\/-]/);
  if (organs.some((o) => /^SGD(?:&)?ĐT$/u.test(o))) return child('SỞ', 'GIÁO DỤC VÀ ĐÀO TẠO', parent.locality);
  if (organs.some((o) => /^PGD(?:&)?ĐT$/u.test(o))) return child('PHÒNG', 'GIÁO DỤC VÀ ĐÀO TẠO', parent.locality);
  return parent;
}
