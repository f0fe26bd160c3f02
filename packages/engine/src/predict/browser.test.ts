import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium } from 'playwright-core';
import { modelNames } from '@anomaly-zoo/registry';
import { silentLogger } from '../log';
import { exportSavedModel } from '../onnx-export';
import { runPredict } from './run-predict';
import { tinyImageBytes, trainTinyRun, writeTinyPng } from './test-utils/tiny-run';

// The demo page (tools/demo-web, running the library's browser bundle) in headless Chromium must score images
// exactly as tools/predict does, for a saved run of every registered model (backbones served from the models folder).
// For the models below the run also gets its exported model.onnx (where tools/export puts it), which the page scores
// with onnxruntime-web beside tfjs: a reconstruction model and a feature model over a backbone. The others skip the
// export to keep this long test short; the ONNX export of every model is covered in Node by the engine's tests.
const ONNX_IN_PAGE = new Set(['conv-ae', 'padim']);
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
  const images = path.join(work, 'images');
  const files = ['normal-1.png', 'normal-2.png', 'defect.png'].map((name) => path.join(images, name));
  let browser: Browser;
  beforeAll(async () => {
    await writeTinyPng(files[0]!, tinyImageBytes(91));
    await writeTinyPng(files[1]!, tinyImageBytes(92));
    await writeTinyPng(files[2]!, tinyImageBytes(93, true));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.each(modelNames())('scores three images with a saved %s run in headless Chromium like Node, to 1e-4', async (name) => {
    const run = path.join(work, `run-${name}`);
    await trainTinyRun(run, { model: name, epochs: 4 });
    const node = await runPredict({ run, input: images, logger: silentLogger });
    const nodeByName = new Map(node.predictions.map((p) => [p.relative, p]));
    const withOnnx = ONNX_IN_PAGE.has(name);
    if (withOnnx) fs.writeFileSync(path.join(run, 'model.onnx'), (await exportSavedModel(path.join(run, 'model'), () => undefined)).onnx);

    const server = await startDemoServer({ run, port: 0 });
    const page = await browser.newPage();
    try {
      await page.goto(server.url);
      await page.waitForSelector('#status[data-ready="1"], #status[data-error]');
      expect(await page.getAttribute('#status', 'data-error')).toBeNull();
      await page.setInputFiles('#file', files);
      // The page runs tfjs's plain-JavaScript cpu backend: PatchCore's nearest-neighbour search takes a while there.
      await page.waitForSelector('#status[data-scored="3"]', { timeout: 240000 });
      const rows = await page.$$eval('.result', (elements) => elements.map((e) => ({ ...(e as HTMLElement).dataset })));
      expect(rows).toHaveLength(3);
      const differences = rows.map((row) => Math.abs(Number(row.score) - nodeByName.get(row.name!)!.score));
      console.log(`${name}: browser vs Node |Δscore| ${differences.map((d) => d.toExponential(2)).join(', ')} (scores ${rows.map((r) => Number(r.score).toPrecision(5)).join(', ')})`);
      if (withOnnx) {
        const onnxDifferences = rows.map((row) => {
          const expected = nodeByName.get(row.name!)!;
          return `${Math.abs(Number(row.onnxScore) - expected.score).toExponential(2)}/${Math.abs(Number(row.onnxNormalised) - expected.normalised_score).toExponential(2)}`;
        });
        console.log(`${name}: onnxruntime-web on model.onnx vs Node |Δscore|/|Δnormalised| ${onnxDifferences.join(', ')}`);
      }
      for (const row of rows) {
        const expected = nodeByName.get(row.name!)!;
        expect(expected).toBeDefined();
        const score = Number(row.score);
        // 1e-4, relative to the score where it exceeds 1: a float32 score of 75 000 (the tiny DFKDM runs) is only
        // resolved to 0.008 in any backend.
        expect(Math.abs(score - expected.score)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected.score)));
        expect(Math.abs(Number(row.normalised) - expected.normalised_score)).toBeLessThanOrEqual(1e-4);
        expect(row.label).toBe(expected.label);
        if (!withOnnx) {
          expect(row.onnxScore).toBeUndefined();
          continue;
        }
        expect(Math.abs(Number(row.onnxScore) - expected.score)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected.score)));
        expect(Math.abs(Number(row.onnxNormalised) - expected.normalised_score)).toBeLessThanOrEqual(1e-4);
        expect(row.onnxLabel).toBe(expected.label);
      }
    } finally {
      await page.close();
      await server.close();
    }
  }, 360000);
});
