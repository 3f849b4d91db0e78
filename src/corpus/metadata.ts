// Document metadata read from the header of a plan: issuer, place, number, signing date,
// school year, title. Header layouts differ between issuers; each field has its own cue.
import type { DocumentMeta, PartialDate } from './types.js';
import { foldForMatch } from './fold.js';

const ADMIN_UNITS = ['thành phố', 'quận', 'huyện', 'thị xã', 'tỉnh', 'xã', 'phường'];

const ORG_BY_SUFFIX: Record<string, string> = {
  UBND: 'UBND',
  PGDĐT: 'Phòng GD&ĐT',
  'PGD&ĐT': 'Phòng GD&ĐT',
  SGDĐT: 'Sở GD&ĐT',
  'SGD&ĐT': 'Sở GD&ĐT',
};

function titleCaseVi(upper: string): string {
  const words = upper.toLocaleLowerCase('vi').split(/\s+/);
  const out = words.map((w) => w.charAt(0).toLocaleUpperCase('vi') + w.slice(1)).join(' ');
  // Second syllables of common nouns stay lower case: "Thành phố", "Giáo dục và Đào tạo".
  return out
    .replace(/(Thành|thành) Phố(?=\s|$)/gu, '$1 phố')
    .replace(/(Thị|thị) Xã(?=\s|$)/gu, '$1 xã')
    .replace(/Giáo Dục(?=\s|$)/gu, 'Giáo dục')
    .replace(/ Và Đào Tạo(?=\s|$)/gu, ' và Đào tạo');
}

/** "Thành phố Hồ Chí Minh" → "TP.HCM"; other places are short enough as they are. */
export function shortPlace(place: string): string {
  if (/^thành phố hồ chí minh$/i.test(place)) return 'TP.HCM';
  return place;
}

function findDate(line: string): PartialDate | null {
  const m = /ngày\s*(\d{1,2})?\s*(?:tháng\s*(\d{1,2})?|\/\s*(\d{1,2}))?\s*(?:năm|\/)\s*(\d{4})/.exec(line);
  if (!m) return null;
  const [, d, mo1, mo2, y] = m;
  const mo = mo1 ?? mo2;
  const pad = (n: string) => n.padStart(2, '0');
  if (d && mo) return { iso: `${y}-${pad(mo)}-${pad(d)}`, precision: 'day', text: m[0] };
  if (mo) return { iso: `${y}-${pad(mo)}`, precision: 'month', text: m[0] };
  return { iso: y, precision: 'year', text: m[0] };
}

export function extractMetadata(docId: string, lines: string[]): DocumentMeta {
  const head = lines.slice(0, 60).map((l) => l.trim()).filter(Boolean);
  const all = lines.join('\n');

  // Number: "Số: 247/KH-UBND"; blank in unsigned drafts ("Số: /KH-UBND").
  let docNumber: string | null = null;
  let orgSuffix: string | null = null;
  const numLine = head.find((l) => /^Số\s*:/.test(l));
  if (numLine) {
    const m = /Số\s*:\s*(\d*)\s*\/\s*([\p{L}]+)-([\p{L}&]+)/u.exec(numLine);
    if (m) {
      orgSuffix = m[3];
      if (m[1]) docNumber = `${m[1]}/${m[2]}-${m[3]}`;
    }
  }
  // A plan issued with a decision: "(Ban hành kèm theo Quyết định số 3679/QĐ-UBND ngày …)"
  const enclosing = head.find((l) => /^\(?Ban hành kèm theo/i.test(l));
  if (!docNumber && enclosing) {
    const m = /số\s+(\d+\/[\p{L}]+-([\p{L}&]+))/u.exec(enclosing);
    if (m) {
      docNumber = m[1];
      orgSuffix = orgSuffix ?? m[2];
    }
  }

  // Place and date: "Hồng Bàng, ngày 25 tháng 8 năm 2021", "TP. Cà Mau, ngày 04 tháng 9 năm 2020".
  let place: string | null = null;
  let signed: PartialDate | null = null;
  const placeLine = head.find((l) => /^[\p{Lu}][^,]{1,40},\s*ngày\b/u.test(l));
  if (placeLine) {
    place = placeLine.split(',')[0].replace(/^(TP\.|Tp\.|Thành phố)\s*/, '').trim();
    signed = findDate(placeLine);
  } else if (enclosing) {
    signed = findDate(enclosing);
  }

  // Issuer: an upper-case header line naming the body, else the number's suffix + locality.
  let issuer: string | null = null;
  let locality: string | null = null;
  const orgLine = head.slice(0, 8).find((l) => /^(ỦY BAN NHÂN DÂN|UBND)\s+\p{Lu}/u.test(l) && l === l.toUpperCase());
  if (orgLine) {
    const m = /^(?:ỦY BAN NHÂN DÂN|UBND)\s+((?:THÀNH PHỐ|QUẬN|HUYỆN|THỊ XÃ|TỈNH)\s+.+?)(?:\s+(PHÒNG GIÁO DỤC.*|SỞ GIÁO DỤC.*))?$/u.exec(orgLine);
    if (m) {
      locality = titleCaseVi(m[1]);
      if (!place) place = locality.replace(/^(Thành phố|Quận|Huyện|Thị xã|Tỉnh)\s+/, (u) => (u.startsWith('Thành phố') && /Hồ Chí Minh/.test(locality!) ? u : ''));
      if (m[2]) issuer = `${titleCaseVi(m[2]).replace(/ Và Đào Tạo/, ' và Đào tạo')} ${locality.charAt(0).toLowerCase()}${locality.slice(1)}`;
    }
  }
  if (place && !locality) {
    const foldedPlace = foldForMatch(place);
    for (const unit of ADMIN_UNITS) {
      const re = new RegExp(`\\b${unit}\\s+${place.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu');
      const m = re.exec(all);
      if (m && foldForMatch(m[0]).endsWith(foldedPlace)) {
        locality = `${unit} ${place}`;
        break;
      }
    }
  }
  if (!issuer) {
    const org = orgSuffix ? (ORG_BY_SUFFIX[orgSuffix] ?? orgSuffix) : null;
    if (org && locality) issuer = `${org} ${locality.charAt(0).toLowerCase()}${locality.slice(1)}`;
    else issuer = org ?? (locality ? `UBND ${locality}` : null);
    if (issuer && /^UBND thành phố Hồ Chí Minh$/i.test(issuer)) issuer = 'UBND Thành phố Hồ Chí Minh';
  }

  // School year: "năm học 2023 - 2024".
  const sy = /năm học\s+(\d{4})\s*[-–]\s*(\d{4})/iu.exec(head.join('\n')) ?? /\b(\d{4})\s*[-–]\s*(\d{4})\b/.exec(head.join('\n'));
  const schoolYear = sy && Number(sy[2]) === Number(sy[1]) + 1 ? `${sy[1]}-${sy[2]}` : null;

  // Title: the "KẾ HOẠCH" line and the line after it when the title continues there.
  let title = '';
  const ki = head.findIndex((l) => /^KẾ HOẠCH\b/.test(l));
  if (ki >= 0) {
    const first = head[ki];
    const next = head[ki + 1] ?? '';
    const raw = first === 'KẾ HOẠCH' && next && !/^(Căn cứ|\()/.test(next) ? `${first} ${next}` : first;
    title = raw === raw.toUpperCase() ? sentenceCaseKeepingPlace(raw, locality ?? place) : `Kế hoạch ${raw.replace(/^KẾ HOẠCH\s*/, '').replace(/^\p{Lu}/u, (c) => c.toLocaleLowerCase('vi'))}`;
  }
  if (!title) title = head.find((l) => l.length > 10) ?? docId;

  const shortName = place ? `${shortPlace(place)}${schoolYear ? ` ${schoolYear}` : ''}` : docId;
  return { docId, title, shortName, issuer, place, docNumber, signed, schoolYear };
}

function sentenceCaseKeepingPlace(upper: string, place: string | null): string {
  let s = upper.toLocaleLowerCase('vi');
  s = s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);
  if (place) {
    const idx = s.toLocaleLowerCase('vi').indexOf(place.toLocaleLowerCase('vi'));
    if (idx >= 0) s = s.slice(0, idx) + place + s.slice(idx + place.length);
  }
  return s;
}
