import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { silentLogger } from '../log';
import { runPredict } from './run-predict';
import { tinyImageBytes, trainTinyRun, writeTinyPng } from './test-utils/tiny-run';

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

  it('scores three images in headless Chromium like Node, to 1e-4', async () => {
    const run = path.join(work, 'run');
    await trainTinyRun(run, { epochs: 4 });
    const images = path.join(work, 'images');
    const files = ['normal-1.png', 'normal-2.png', 'defect.png'].map((name) => path.join(images, name));
    await writeTinyPng(files[0]!, tinyImageBytes(91));
    await writeTinyPng(files[1]!, tinyImageBytes(92));
    await writeTinyPng(files[2]!, tinyImageBytes(93, true));
    const node = await runPredict({ run, input: images, logger: silentLogger });
    const nodeByName = new Map(node.predictions.map((p) => [p.relative, p]));

    const server = await startDemoServer({ run, port: 0 });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForSelector('#status[data-ready="1"], #status[data-error]');
      expect(await page.getAttribute('#status', 'data-error')).toBeNull();
      await page.setInputFiles('#file', files);
      await page.waitForSelector('#status[data-scored="3"]');
      const rows = await page.$$eval('.result', (elements) => elements.map((e) => ({ ...(e as HTMLElement).dataset })));
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
      }
      // The defect is the one the model flags most strongly, in both.
      expect(rows.reduce((a, b) => (Number(a.score) > Number(b.score) ? a : b)).name).toBe('defect.png');
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120000);
});
