import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { silentLogger } from '../log';
import { exportSavedModel } from '../onnx-export';
import { runPredict } from './run-predict';
import type { SinglePassModel } from '@anomaly-zoo/core';
import { getModel } from '@anomaly-zoo/registry';
import { validateAgainst } from '../config/validate';
import { saveModelDir } from '../saved-model';
import { MemorySource } from '../test-utils/memory-source';
import { TINY_PRE, tinyImageBytes, trainTinyRun, writeTinyPng } from './test-utils/tiny-run';

// The demo page (tools/demo-web) in headless Chromium must score images exactly as tools/predict does.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repo = path.resolve(__dirname, '../../../..');
const { startDemoServer } = require(path.join(repo, 'tools/demo-web/server.js')) as {
  startDemoServer(options: { run: string; port: number }): Promise<{ url: string; close(): Promise<void> }>;
};

const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) console.log(`browser test skipped: no Chromium at ${CHROMIUM} (apt install chromium, or set CHROMIUM_PATH)`);
const maybe = haveChromium ? describe : describe.skip;

maybe('the browser demo', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-browser-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('scores three images in headless Chromium like Node, to 1e-4, on tfjs and with onnxruntime-web on model.onnx', async () => {
    const run = path.join(work, 'run');
    await trainTinyRun(run, { epochs: 4 });
    const images = path.join(work, 'images');
    const files = ['normal-1.png', 'normal-2.png', 'defect.png'].map((name) => path.join(images, name));
    await writeTinyPng(files[0]!, tinyImageBytes(91));
    await writeTinyPng(files[1]!, tinyImageBytes(92));
    await writeTinyPng(files[2]!, tinyImageBytes(93, true));
    const node = await runPredict({ run, input: images, logger: silentLogger });
    const nodeByName = new Map(node.predictions.map((p) => [p.relative, p]));

    // The exported model beside the run (tools/export's default place): the page scores it with onnxruntime-web too.
    fs.writeFileSync(path.join(run, 'model.onnx'), (await exportSavedModel(path.join(run, 'model'), () => undefined)).onnx);
    const rows = await scoreInPage(run, files);
    expect(rows).toHaveLength(3);
    const differences = rows.map((row) => Math.abs(Number(row.score) - nodeByName.get(row.name!)!.score));
    console.log(`browser vs Node: |Δscore| ${differences.map((d) => d.toExponential(2)).join(', ')} (scores ${rows.map((r) => Number(r.score).toPrecision(5)).join(', ')})`);
    for (const row of rows) {
      const expected = nodeByName.get(row.name!)!;
      expect(expected).toBeDefined();
      const score = Number(row.score);
      expect(Math.abs(score - expected.score)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(score - expected.score)).toBeLessThanOrEqual(1e-4 * Math.abs(expected.score));
      expect(Math.abs(Number(row.normalised) - expected.normalised_score)).toBeLessThanOrEqual(1e-4);
      expect(row.label).toBe(expected.label);
      expect(row.engine).toBe('tfjs');
      // Beside it, onnxruntime-web on the exported file: the same score, normalised score and label.
      expect(Math.abs(Number(row.onnxScore) - expected.score)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected.score)));
      expect(Math.abs(Number(row.onnxNormalised) - expected.normalised_score)).toBeLessThanOrEqual(1e-4);
      expect(row.onnxLabel).toBe(expected.label);
    }
    // The defect is the one the model flags most strongly, in both.
    expect(rows.reduce((a, b) => (Number(a.score) > Number(b.score) ? a : b)).name).toBe('defect.png');
  }, 120000);

  it('scores a model with no tfjs path in the page (padim) with onnxruntime-web alone, like Node', async () => {
    const run = path.join(work, 'padim-run');
    const definition = getModel('padim');
    const config: Record<string, unknown> = {};
    validateAgainst(definition.schema, config, 'browser test', 'model');
    const model = definition.create(config, { preprocessing: TINY_PRE, seed: 3, log: () => undefined }) as SinglePassModel;
    await model.fit(new MemorySource(8, TINY_PRE, 1), { preprocessing: TINY_PRE, seed: 3, log: () => undefined });
    const threshold = { value: 0, strategy: 'manual' };
    await saveModelDir(path.join(run, 'model'), model, {
      format: 'anomaly-zoo-model', version: 1, model: 'padim', model_config: config, preprocessing: TINY_PRE,
      threshold, normalisation: { threshold: 0, min: 0, max: 1 }, seed: 3, backend: 'wasm', created: new Date().toISOString(),
    });
    model.dispose();
    const images = path.join(work, 'padim-images');
    const files = ['a.png', 'b.png'].map((name) => path.join(images, name));
    await writeTinyPng(files[0]!, tinyImageBytes(94));
    await writeTinyPng(files[1]!, tinyImageBytes(95, true));
    // The threshold between the two scores, so the page must tell both labels apart.
    const first = await runPredict({ run, input: images, logger: silentLogger });
    const [high, low] = first.predictions.map((p) => p.score);
    const manifestFile = path.join(run, 'model', 'anomaly-zoo.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    const middle = (high! + low!) / 2;
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, threshold: { value: middle, strategy: 'manual' }, normalisation: { threshold: middle, min: low, max: high } }));
    const node = new Map((await runPredict({ run, input: images, logger: silentLogger })).predictions.map((p) => [p.relative, p]));
    fs.writeFileSync(path.join(run, 'model.onnx'), (await exportSavedModel(path.join(run, 'model'), () => undefined)).onnx);

    const rows = await scoreInPage(run, files);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const expected = node.get(row.name!)!;
      expect(row.engine).toBe('onnxruntime-web');
      expect(Math.abs(Number(row.score) - expected.score)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected.score)));
      expect(Math.abs(Number(row.normalised) - expected.normalised_score)).toBeLessThanOrEqual(1e-4);
      expect(row.label).toBe(expected.label);
    }
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(['anomalous', 'normal']));
  }, 180000);
});

/** The demo page of `run` in headless Chromium: each file scored, as the rows' data attributes. */
async function scoreInPage(run: string, files: string[]): Promise<Record<string, string | undefined>[]> {
  const server = await startDemoServer({ run, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForSelector('#status[data-ready="1"], #status[data-error]');
    expect(await page.getAttribute('#status', 'data-error')).toBeNull();
    await page.setInputFiles('#file', files);
    await page.waitForSelector(`#status[data-scored="${files.length}"]`);
    return await page.$$eval('.result', (elements) => elements.map((e) => ({ ...(e as HTMLElement).dataset })));
  } finally {
    await browser.close();
    await server.close();
  }
}
