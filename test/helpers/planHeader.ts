// The header of a small plan written for a test: issuer, the national motto, number, place and
// date, the kind and the title, as the plans in corpus/ open.
export function planHeader(o: { issuer: string; number: string; place: string; date?: string; kind?: string; title: string }): string {
  return [o.issuer, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', `Số: ${o.number}`, `${o.place}, ${o.date ?? 'ngày 10 tháng 3 năm 2025'}`, '', o.kind ?? 'KẾ HOẠCH', o.title, ''].join('\n');
}
