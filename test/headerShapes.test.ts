// Header shapes met in the probe plans (written before planbot read them): a council's header
// with its term and session under the title, a Sở named with its province but no unit word, a
// school issuing under its Sở, a signing day split in two by a stray space, and a page pasted
// from a PDF with its two columns side by side.
import { expect, it } from 'vitest';
import { extractMetadata } from '../src/corpus/metadata.js';
import { normalizeText } from '../src/corpus/normalize.js';

const meta = (text: string) => extractMetadata('doc', text.split('\n'));

it('reads a HĐND issuer without its term and session ("KHÓA X KỲ HỌP THỨ 25")', () => {
  const m = meta(`| H ỘI ĐỒNG NHÂN DÂN TỈNH HẬU GIANG ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 08/2025/NQ-HĐND | Hậu Giang, ngày 18 tháng 7 năm 2025 |

NGHỊ QUYẾT

QUY ĐỊNH MỨC THU HỌC PHÍ NĂM HỌC 2025-2026

HỘI ĐỒNG NHÂN DÂN TỈNH HẬU GIANG KHÓA X KỲ HỌP THỨ 25

Căn cứ Luật Tổ chức chính quyền địa phương;`);
  expect(m.issuer).toBe('HĐND tỉnh Hậu Giang');
  expect(m.issuerLevel).toBe('province');
});

it('takes the province off the end of a Sở named without "tỉnh", keeping its capitals', () => {
  const m = meta(`| SỞ GIÁO DỤC VÀ ĐÀO TẠO NGHỆ AN ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 2150/SGDĐT-GDTrH | Nghệ An, ngày 05 tháng 11 năm 2025 |

Kính gửi: Hiệu trưởng các trường THPT`);
  expect(m.issuer).toBe('Sở Giáo dục và Đào tạo Nghệ An');
});

it('reads a school as the issuer under its Sở, in name case', () => {
  const m = meta(`SỞ GD&ĐT THANH HÓA
TRƯỜNG THPT LÊ LỢI
Số: 45/KH-THPTLL
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Thọ Xuân, ngày 12 tháng 9 năm 2025

KẾ HOẠCH
TỔ CHỨC HOẠT ĐỘNG TRẢI NGHIỆM NĂM HỌC 2025-2026`);
  expect(m.issuer).toBe('Trường THPT Lê Lợi');
  expect(m.issuerLevel).toBe('school');
});

it('mends a signing day or month split by a stray space ("ngày 2 0 tháng 3", "tháng 1 2 năm")', () => {
  const head = (date: string) => `| UBND TỈNH BÌNH DƯƠNG SỞ GIÁO DỤC VÀ ĐÀO TẠO ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| Số: 1450/KH-SGDĐT | Bình Dương, ${date} |

KẾ HOẠCH

TUYỂN SINH VÀO LỚP 10 NĂM HỌC 2025-2026`;
  expect(meta(head('ngày 2 0 tháng 3 năm 2025')).signed?.iso).toBe('2025-03-20');
  expect(meta(head('ngày 05 tháng 1 2 năm 2025')).signed?.iso).toBe('2025-12-05');
  // Two figures that make no day are left as they are (no date read rather than a wrong one).
  expect(meta(head('ngày 4 5 tháng 3 năm 2025')).signed?.iso).not.toBe('2025-03-45');
});

it('names a school by its type words in sentence case, and takes no Sở whose name holds "trường" for a school', () => {
  const head = (issuer: string) => `${issuer}
Số: 12/KH-THKĐ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đà Lạt, ngày 10 tháng 9 năm 2025

KẾ HOẠCH
HOẠT ĐỘNG NĂM HỌC 2025-2026`;
  expect(meta(head('PHÒNG GD&ĐT TP. ĐÀ LẠT\nTRƯỜNG TIỂU HỌC KIM ĐỒNG')).issuer).toBe('Trường Tiểu học Kim Đồng');
  expect(meta(head('UBND TỈNH LÂM ĐỒNG\nSỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH LÂM ĐỒNG')).issuerLevel).not.toBe('school');
});


// A commune's plan pasted from a PDF: the header's two columns and the signature block beside
// the recipients side by side, with wide gaps between them (probe 7).
const SIDE_BY_SIDE = `UBND HUYỆN LỆ GIANG                     CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
UBND XÃ HƯNG THỦY                              Độc lập - Tự do - Hạnh phúc
   Số: 38/KH-UBND                      Hưng Thủy, ngày 12 tháng 5 năm 2025

KẾ HOẠCH
Phòng, chống đuối nước trẻ em năm 2025

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của gia đình, nhà trường trong việc quản lý trẻ em.

Nơi nhận:                                                  TM. ỦY BAN NHÂN DÂN
- UBND huyện Lệ Giang (b/c);                                      CHỦ TỊCH
- TT Đảng ủy, TT HĐND xã (b/c);
- Trưởng các thôn;                                              Phan Văn Lực
- Lưu: VT.`;

it('reads a header and a signature block laid out in two columns side by side', () => {
  const m = extractMetadata('doc', normalizeText(SIDE_BY_SIDE));
  // The lower body of the two issuer lines issues the plan; its superior only heads it.
  expect(m.issuer).toBe('UBND xã Hưng Thủy');
  expect(m.issuerLevel).toBe('commune');
  expect(m.docNumber).toBe('38/KH-UBND');
  expect(m.signed?.iso).toBe('2025-05-12');
  expect(m.signer).toMatchObject({ name: 'Phan Văn Lực', position: 'Chủ tịch' });
});

it('keeps a form’s blank day inside its date field, not as a gap between columns', () => {
  const lines = normalizeText('Số: 385/SGDĐT-GDTrH                          Tây Ninh, ngày      tháng 3 năm 2025');
  expect(lines[0]).toBe('Số: 385/SGDĐT-GDTrH\tTây Ninh, ngày tháng 3 năm 2025');
});

it('reads a school as the issuer under its Sở when a Markdown table parts them, the motto’s cells between', () => {
  const m = meta(`| SỞ GD&ĐT BẮC SƠN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|---|---|
| **TRƯỜNG THPT LỘC BÌNH** | **Độc lập - Tự do - Hạnh phúc** |
| Số: 12/KH-THPTLB | *Lộc Bình, ngày 10 tháng 02 năm 2026* |

**KẾ HOẠCH**

**Ôn tập cho học sinh lớp 12**`);
  expect(m.issuer).toBe('Trường THPT Lộc Bình');
  expect(m.issuerLevel).toBe('school');
  expect(m.signed?.iso).toBe('2026-02-10');
});

it('reads a Word table header whose cells held several lines (<br>): issuer, number, place and date apart', () => {
  const m = meta(normalizeText(`| UBND TỈNH BẮC LẠC<br>**SỞ GIÁO DỤC VÀ ĐÀO TẠO**<br>Số: 77/KH-SGDĐT | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc**<br>*Bắc Lạc, ngày 16 tháng 3 năm 2026* |
|----|----|

**KẾ HOẠCH**

**Tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm 2026**`).join('\n'));
  expect(m.issuer).toBe('Sở Giáo dục và Đào tạo tỉnh Bắc Lạc');
  expect(m.docNumber).toBe('77/KH-SGDĐT');
  expect(m.signed?.iso).toBe('2026-03-16');
  expect(m.place).toBe('Bắc Lạc');
});

it('reads a signature block flattened onto one line by a web page', () => {
  const m = meta(`SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH BẮC LẠC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 09/TB-SGDĐT
Bắc Lạc, ngày 05 tháng 01 năm 2026

THÔNG BÁO

Về việc tổ chức Cuộc thi Khoa học kỹ thuật cấp tỉnh

1. Thời gian: tháng 3/2026.

Nơi nhận: - Các trường THPT; - Lưu: VT.

KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC (đã ký) Phan Thị Diệu Linh`);
  expect(m.signer).toMatchObject({ name: 'Phan Thị Diệu Linh', position: 'Phó Giám đốc' });
});

it('does not part a place name broken by a stray space ("Qu ả ng Ngãi, ngày …") as a field of its own', () => {
  const m = meta(normalizeText(`| ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- |
|---|---|
| Số: 1351/QĐ-UBND | Qu ả ng Ngãi, ngày 04 tháng 10 năm 2022 |

QUYẾT ĐỊNH

CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH`).join('\n'));
  expect(m.place).toBe('Quảng Ngãi');
  expect(m.signed?.iso).toBe('2022-10-04');
});
