import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { predictMain } from '../cli/predict';
import { trainTinyRun, tinyImageBytes, writeTinyPng } from './test-utils/tiny-run';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-predict-'));
const runDir = path.join(work, 'run');
const input = path.join(work, 'incoming');
const DEFECTS = 12;
const IMAGES = 500;

/** path relative to the input → sha256, for every file under it. */
function hashTree(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else hashes.set(path.relative(dir, full), createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  walk(dir);
  return hashes;
}

async function runPredictCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await predictMain(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const keys = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i]!, v])));
}

beforeAll(async () => {
  await trainTinyRun(runDir);
  // 500 good images over nested folders, the last DEFECTS of them with a white square; three bad files.
  for (let i = 0; i < IMAGES; i++) {
    const folder = i % 3 === 0 ? 'a' : i % 3 === 1 ? path.join('b', 'deep') : '';
    await writeTinyPng(path.join(input, folder, `img-${String(i).padStart(3, '0')}.png`), tinyImageBytes(5000 + i, i >= IMAGES - DEFECTS));
  }
  fs.writeFileSync(path.join(input, 'a', 'not-an-image.png'), 'hello, I am text');
  const whole = fs.readFileSync(path.join(input, 'img-002.png'));
  fs.writeFileSync(path.join(input, 'b', 'truncated.png'), whole.subarray(0, Math.floor(whole.length / 2)));
  fs.writeFileSync(path.join(input, 'empty.jpg'), '');
  fs.writeFileSync(path.join(input, 'notes.txt'), 'not an image name: ignored, not an error');
}, 120000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('tools/predict on a folder', () => {
  it('scores 500 images, reports 3 bad files, copies exactly the flagged ones and leaves originals untouched', async () => {
    const before = hashTree(input);
    const review = path.join(work, 'review');
    const csvFile = path.join(work, 'predictions.csv');
    const result = await runPredictCli(['--run', runDir, '--input', input, '--out', csvFile, '--copy-anomalies-to', review, '--batch-size', '64']);
    expect(result.code).toBe(0);

    const rows = parseCsv(fs.readFileSync(csvFile, 'utf8'));
    expect(rows).toHaveLength(IMAGES);
    expect(new Set(rows.map((r) => r.path)).size).toBe(IMAGES);
    const scores = rows.map((r) => Number(r.score));
    for (let i = 1; i < scores.length; i++) expect(scores[i - 1]!).toBeGreaterThanOrEqual(scores[i]!);
    rows.forEach((r) => expect(Number(r.normalised_score)).toBeGreaterThanOrEqual(0));

    const skipped = result.stderr.split('\n').filter((l) => l.startsWith('skipped: '));
    expect(skipped).toHaveLength(3);
    for (const name of ['not-an-image.png', 'truncated.png', 'empty.jpg']) expect(skipped.some((l) => l.includes(name))).toBe(true);
    expect(result.stderr).toMatch(/3 unreadable files skipped/);

    // The white squares are what the model never saw: they must be the highest scores.
    const defectNames = new Set(Array.from({ length: DEFECTS }, (_, k) => `img-${IMAGES - DEFECTS + k}.png`));
    const top = rows.slice(0, DEFECTS).map((r) => path.basename(r.path!));
    expect(new Set(top)).toEqual(defectNames);

    const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'model', 'anomaly-zoo.json'), 'utf8'));
    const flagged = rows.filter((r) => r.label === 'anomalous');
    flagged.forEach((r) => expect(Number(r.score)).toBeGreaterThan(manifest.threshold.value));
    rows.filter((r) => r.label === 'normal').forEach((r) => expect(Number(r.score)).toBeLessThanOrEqual(manifest.threshold.value));
    expect(flagged.length).toBeGreaterThanOrEqual(DEFECTS);

    const copied = hashTree(review);
    expect([...copied.keys()].sort()).toEqual(flagged.map((r) => path.relative(input, r.path!)).sort());
    for (const [relative, hash] of copied) expect(hash).toBe(before.get(relative));
    expect(hashTree(input)).toEqual(before);
  }, 120000);

  it('writes JSON with the errors, and heat maps under the same sub-paths', async () => {
    const jsonFile = path.join(work, 'predictions.json');
    const maps = path.join(work, 'maps');
    const sub = path.join(input, 'b');
    const inSub = Array.from({ length: IMAGES }, (_, i) => i).filter((i) => i % 3 === 1).length;
    const result = await runPredictCli(['--run', path.join(runDir, 'model'), '--input', sub, '--out', jsonFile, '--maps', maps]);
    expect(result.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    expect(written.predictions).toHaveLength(inSub);
    expect(written.errors).toHaveLength(1);
    expect(written.errors[0].path).toBe(path.join(sub, 'truncated.png'));
    expect(fs.readdirSync(path.join(maps, 'deep'))).toHaveLength(inSub);
  }, 120000);

  it('exits 1 with one line for a missing run or input, or a review folder inside the input', async () => {
    for (const args of [
      ['--run', path.join(work, 'nope'), '--input', input],
      ['--run', runDir, '--input', path.join(work, 'missing')],
      ['--run', runDir, '--input', input, '--copy-anomalies-to', path.join(input, 'review')],
    ]) {
      const result = await runPredictCli(args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n').filter((l) => l.startsWith('error: '))).toHaveLength(1);
    }
    expect(fs.existsSync(path.join(input, 'review'))).toBe(false);
  });
});
