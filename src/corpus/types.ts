// Shapes shared by the corpus pipeline (load → normalize → parse) and everything above it.

export type DatePrecision = 'day' | 'month' | 'year';

export interface PartialDate {
  /** ISO form at the precision known: "2021-08-25", "2022-09" or "2023". */
  iso: string;
  precision: DatePrecision;
  /** The phrase it was read from, verbatim after normalization. */
  text: string;
}

export interface DocumentMeta {
  docId: string;
  /** Full title, e.g. "Kế hoạch thực hiện nhiệm vụ năm học 2023 - 2024". */
  title: string;
  /** Short name used in citations, e.g. "Hồng Bàng 2023-2024". */
  shortName: string;
  issuer: string | null;
  place: string | null;
  docNumber: string | null;
  signed: PartialDate | null;
  /** "2023-2024" */
  schoolYear: string | null;
  /** "Kế hoạch", "Quyết định", "Chỉ thị", "Công văn", "Thông tư", "Nghị quyết", "Hướng dẫn"… */
  docKind: string | null;
  issuerLevel: 'central' | 'province' | 'district' | 'commune' | 'school' | null;
  /** "Thủ tướng", "Quốc hội", "Bộ", "UBND", "Sở", "Phòng", "Ban Chỉ đạo"… */
  issuerType: string | null;
  /** The decision a plan or regulation is attached to ("ban hành kèm theo"), when the document is that attachment. */
  enclosingNumber: string | null;
  signer: Signer | null;
  /** The span or year the document covers when it is not a school year: "2021-2025", "2022". */
  period: string | null;
}

export interface Signer {
  name: string;
  /** The signer's own title ("Phó Chủ tịch", "Thứ trưởng"); null when the block names none. */
  position: string | null;
  /** The signature block as printed. */
  text: string;
}

export type ClauseKind = 'preamble' | 'intro' | 'part' | 'section' | 'item' | 'article' | 'closing' | 'appendix' | 'row' | 'footnote';

export interface Clause {
  /** `<docId>#<path>` */
  id: string;
  docId: string;
  /** "III.1.1", "II.2.2.1.a", "preamble", "appendix-1.7", "footnote-2" */
  path: string;
  /** Numbering label as printed: "III", "1.1", "a", "" for named parts. */
  label: string;
  /** Short title of the clause. */
  heading: string;
  /** The clause's own text (its heading line and body, not its children's). A table row's text
   * is its own line, then `context`. */
  text: string;
  /** A table row only: its table's unit line and header rows, repeated (after the row's own line)
   * from the clause that holds them. */
  context?: string;
  kind: ClauseKind;
  parentId: string | null;
  /** Position in document order, 0-based. */
  order: number;
  depth: number;
  /** 1-based line span in the source file (inclusive). */
  lineStart: number;
  lineEnd: number;
  /** Source line numbers whose text this clause holds; empty for a signer cut from a closing row
   * whose line the recipients clause holds (lineStart/lineEnd still give that row). */
  lines: number[];
  /** Read by OCR: the 1-based page the clause starts on, and its words' mean recognition confidence (0–1). */
  page?: number;
  ocrConfidence?: number;
}

export interface ParsedDocument {
  meta: DocumentMeta;
  clauses: Clause[];
}

/** Raised for input that cannot be read as a plan; the message is shown to the user as is. */
export class DocumentError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}
