// "…; hoàn thành trước ngày 31/10/2025": a limit asked ("by when must … finish", "hạn chót") is led
// by the limit that completes the task, not by the time the task is done ("đầu năm học"); a
// question of when the task is done is still led by that time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, type IndexedHome } from './helpers/indexedHome.js';
import { planHeader } from './helpers/planHeader.js';

const LETTER = [
  planHeader({ issuer: 'SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH NAM SƠN', number: '2151/SGDĐT-CTTT', place: 'Nam Sơn', kind: 'CÔNG VĂN', title: 'Hướng dẫn công tác y tế trường học năm học 2025-2026' }),
  '1. Chăm sóc sức khỏe học sinh bán trú',
  'a) Tổ chức khám sức khỏe đầu năm học cho 100% học sinh bán trú; hoàn thành trước ngày 31/10/2025.',
  'b) Tổ chức tuyên truyền phòng chống dịch bệnh vào đầu năm học; báo cáo kết quả tuyên truyền trước ngày 30/11/2025.',
].join('\n');

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('completion-deadline', { 'nam-son-cv-2151-2025-y-te.txt': LETTER }, { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a limit that completes the task before it', () => {
  it('leads an English question of by when the task must be finished', async () => {
    const a = await h.app.answerer.ask('By when must schools in Nam Son finish the start-of-year health check of boarding pupils?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toMatch(/^Due: 31 October 2025/);
  });

  it('leads a Vietnamese question of the deadline', async () => {
    const a = await h.app.answerer.ask('Hạn chót hoàn thành khám sức khỏe học sinh bán trú ở Nam Sơn là khi nào?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).toMatch(/^Thời hạn: trước ngày 31\/10\/2025/);
  });

  it('does not take a limit of another task for the time a task is done', async () => {
    const a = await h.app.answerer.ask('When do schools in Nam Son hold the disease prevention campaign?');
    expect(a.outcome).toBe('answer');
    expect(a.answer).not.toMatch(/^Due: 30 November 2025/);
    expect(a.citations[0].quote).toContain('vào đầu năm học');
  });
});
