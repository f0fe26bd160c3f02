import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRng, writeFileAtomic } from '@anomaly-zoo/core';
import { bootstrapAurocCI } from '../bootstrap';
import { imageMetrics } from '../image-metrics';
import { composeVisualisation, panelNames } from '../visualise/compose';
import { outcomeOf } from '../visualise/select';
import { writePlots } from './plots';
import { GalleryEntry, REPORT_FILE, writeRunReport } from './run-report';

// Opens a complete report in Debian's Chromium, headless. The screenshot is kept for a person to look at.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) console.log(`report browser check skipped: ${CHROMIUM} not found (apt-get install chromium)`);
const maybe = haveChromium ? describe : describe.skip;

async function buildReport(dir: string): Promise<number> {
  const rng = createRng('report-browser');
  const types = ['good', 'good', 'scratch', 'hole'];
  const items = Array.from({ length: 24 }, (_, i) => {
    const defectType = types[i % 4]!;
    const label = (defectType === 'good' ? 0 : 1) as 0 | 1;
    return { score: label * 0.4 + rng.next() * 0.8, label, defectType };
  });
  const scores = items.map((i) => i.score);
  const labels = items.map((i) => i.label);
  const threshold = 0.6;
  const ci = bootstrapAurocCI(scores, labels, { seed: 3, resamples: 200 });
  const metrics = { ...imageMetrics({ scores, labels, threshold }), image_auroc_ci: { ...ci, seed: 3 }, threshold_strategy: 'manual' };
  const { plots } = await writePlots(dir, { items, threshold, aurocInterval: ci });
  const gallery: GalleryEntry[] = [];
  const size = 24;
  for (let k = 0; k < 8; k++) {
    const item = items[k]!;
    const image = Float32Array.from({ length: size * size * 3 }, () => 0.3 + 0.4 * rng.next());
    const map = Float32Array.from({ length: size * size }, (_, p) => (item.label && Math.abs((p % size) - 12) < 4 && Math.abs(Math.floor(p / size) - 12) < 4 ? 0.9 : 0.1 * rng.next()));
    const mask = Uint8Array.from(map, (v) => (v > 0.5 ? 1 : 0));
    const file = `visualisations/${k}.png`;
    writeFileAtomic(path.join(dir, file), await composeVisualisation({ height: size, width: size, channels: 3, image, reconstruction: image, map, mask, mapRange: { lo: 0, hi: 1 }, pixelThreshold: 0.5 }));
    gallery.push({ file, image: `test/${item.defectType}/${k}.png`, label: item.label, defectType: item.defectType, score: item.score, outcome: outcomeOf(item.score, item.label, threshold), reason: 'random', panels: panelNames(true) });
  }
  writeRunReport(dir, { title: 'browser check', metrics, plots, gallery });
  return metrics.image_auroc as number;
}

maybe('report.html in headless Chromium', () => {
  it('loads without console errors or network, shows the AUROC, and every image decodes', async () => {
    const { chromium } = await import('playwright-core');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-report-'));
    const auroc = await buildReport(dir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const problems: string[] = [];
      page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => { if (!request.url().startsWith('file://')) problems.push(`network request: ${request.url()}`); });
      await page.goto(`file://${path.join(dir, REPORT_FILE)}`, { waitUntil: 'load' });

      expect(await page.textContent('td[data-metric="image_auroc"]')).toContain(auroc.toFixed(4));
      const images = await page.$$eval('img', (all) => all.map((img) => ({ src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 })));
      expect(images.length).toBe(4 + 8);
      expect(images.filter((i) => !i.ok)).toEqual([]);

      // The gallery filter hides what does not match.
      await page.selectOption('#filter-defect', 'scratch');
      const visible = await page.$$eval('#gallery figure', (all) => all.filter((f) => (f as HTMLElement).style.display !== 'none').map((f) => (f as HTMLElement).dataset.defect));
      expect(visible.length).toBeGreaterThan(0);
      expect(new Set(visible)).toEqual(new Set(['scratch']));
      await page.selectOption('#filter-defect', '');

      const shot = path.join(dir, 'report-screenshot.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`report screenshot: ${shot}`);
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
