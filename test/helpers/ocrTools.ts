// Whether Debian's Tesseract (with its Vietnamese model) and poppler's pdftoppm are here. The OCR
// suites need them (.ci/run installs them); a newcomer's `npm test` without them skips those
// suites and says so, and under CI=true a missing tool fails the run instead.
import { spawnSync } from 'node:child_process';

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
const langs = run(process.env.PLANBOT_TESSERACT ?? 'tesseract', ['--list-langs']);
const hasVie = langs.status === 0 && /^vie$/m.test(`${langs.stdout}${langs.stderr}`);
const hasPdftoppm = run(process.env.PLANBOT_PDFTOPPM ?? 'pdftoppm', ['-v']).error === undefined;

export const OCR_REQUIRED = process.env.CI === 'true';
export const HAVE_OCR_TOOLS = hasVie && hasPdftoppm;
/** Run the OCR suites: the tools are here, or CI requires them (and fails loudly without them). */
export const RUN_OCR = HAVE_OCR_TOOLS || OCR_REQUIRED;

if (!RUN_OCR) {
  console.warn('OCR tests skipped: tesseract (with its vie model) or pdftoppm is missing (apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils; .ci/run does)');
}
