import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { encodeIdx } from '@anomaly-zoo/data';
import { REPORT_FILE } from '@anomaly-zoo/eval';
import { PixelPattern, writePatternPng, writeSquareMask } from '@anomaly-zoo/testing';
import { resolveRunConfig } from './config/load';
import { prepareData } from './data-setup';
import { silentLogger } from './log';
import { runTest } from './run-test';
import { runTraining } from './run-training';
import { RANKING_FILE } from './unlabelled';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-formats-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const png = (file: string, pattern: PixelPattern) => writePatternPng(file, { size: 16, pattern });

const config = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  resolveRunConfig(
    {
      seed: 5,
      model: { name: 'dense-ae', hidden: [32], latent: 4 },
      data: { image_size: 16, channels: 1, ...data },
      training: { epochs: 3, batch_size: 8, learning_rate: 0.01 },
      runtime: { backend: 'wasm' },
      output: { root: path.join(work, 'results') },
      ...extra,
    },
    'test.yaml',
  );

describe('data formats in a run', () => {
  it('ranks an unlabelled folder: the odd images first, a mean + 0.5·std threshold, no metrics', async () => {
    const dir = path.join(work, 'photos');
    for (let i = 0; i < 24; i++) await png(path.join(dir, `plain-${String(i).padStart(2, '0')}.png`), () => 110 + (i % 5) * 3);
    for (let i = 0; i < 3; i++) await png(path.join(dir, `odd-${i}.png`), (x, y) => ((x + y + i) % 2 ? 255 : 0));
    const out = path.join(work, 'ranked');
    const { metrics } = await runTraining(config({ format: 'images', root: dir }), { out, logger: silentLogger });
    expect(metrics.image_auroc).toBeNull();
    expect(metrics.images_scored).toBe(27);
    expect(metrics.threshold_strategy).toBe('mean_std');
    const rows = fs.readFileSync(path.join(out, RANKING_FILE), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('rank,path,score,normalised_score,flagged,split');
    expect(rows).toHaveLength(28);
    expect(rows.slice(1, 4).map((row) => path.basename(row.split(',')[1]!)).sort()).toEqual(['odd-0.png', 'odd-1.png', 'odd-2.png']);
    expect(rows.slice(1, 4).every((row) => row.split(',')[4] === '1')).toBe(true);
    const splits = rows.slice(1).map((row) => row.split(',')[5]);
    expect(splits.filter((s) => s === 'held_out')).toHaveLength(5); // round(0.2 × 27)
    expect(fs.existsSync(path.join(out, 'metrics.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, REPORT_FILE))).toBe(false);
    // Re-testing goes through the same evaluation stage: the same ranking, no metric, no report.
    const again = await runTest({ runDir: out, overrides: [], logger: silentLogger, out: path.join(work, 'ranked-retest') });
    expect(again.metrics.image_auroc).toBeNull();
    expect(again.metrics.images_scored).toBe(27);
    expect(fs.readFileSync(path.join(again.outDir, RANKING_FILE), 'utf8')).toBe(fs.readFileSync(path.join(out, RANKING_FILE), 'utf8'));
    expect(fs.existsSync(path.join(again.outDir, REPORT_FILE))).toBe(false);
  });

  it('prepares the malaria split by patient and logs the counts', async () => {
    const root = path.join(work, 'malaria');
    for (let p = 0; p < 10; p++) {
      fs.mkdirSync(path.join(root, 'cell_images', 'Uninfected'), { recursive: true });
      for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(root, 'cell_images', 'Uninfected', `C${p}P${p}ThinF_IMG_1_cell_${i}.png`), '');
      fs.mkdirSync(path.join(root, 'cell_images', 'Parasitized'), { recursive: true });
      fs.writeFileSync(path.join(root, 'cell_images', 'Parasitized', `C${p}P${p}ThinF_IMG_2_cell_0.png`), '');
    }
    const lines: string[] = [];
    const data = await prepareData(config({ format: 'malaria', root, validation_fraction: 0.2, malaria: { test_fraction: 0.3 } }), { info: (l) => lines.push(l), warn: (l) => lines.push(l) });
    const { train, validation, test } = data.splits;
    expect(train.length + validation.length + test.filter((r) => r.label === 0).length).toBe(40);
    expect(test.filter((r) => r.label === 1)).toHaveLength(10);
    expect(validation).toHaveLength(8);
    expect(test.filter((r) => r.label === 0)).toHaveLength(12);
    expect(lines.join('\n')).toMatch(/malaria: split by patient: train 20 \(0 anomalous, 5 groups\), validation 8 \(0 anomalous, 2 groups\), test 22 \(10 anomalous, 10 groups\)/);
    expect(data.category).toBe('cells');
  });

  it('warns about defect images without a mask for the folder format as for MVTec', async () => {
    const dir = path.join(work, 'folder');
    for (let i = 0; i < 4; i++) await png(path.join(dir, 'good', `g${i}.png`), () => 100);
    for (let i = 0; i < 2; i++) await png(path.join(dir, 'dent', `d${i}.png`), () => 200);
    await writeSquareMask(path.join(dir, 'masks', 'dent', 'd0.png'), 16, { x: 4, y: 4, side: 3 });
    const warnings: string[] = [];
    const data = await prepareData(
      config({ format: 'folder', folder: { normal: [path.join(dir, 'good')], abnormal: [path.join(dir, 'dent')], masks: path.join(dir, 'masks') } }),
      { info: () => undefined, warn: (line) => warnings.push(line) },
    );
    expect(warnings).toEqual([`1 defect image(s) have no mask and are left out of pixel metrics, e.g. ${path.join(dir, 'dent', 'd1.png')}`]);
    expect(data.splits.test.map((r) => r.maskPath)).toEqual([path.join(dir, 'masks', 'dent', 'd0.png'), undefined]);
  });

  it('streams one-class IDX data from memory through the normal batches', async () => {
    const root = path.join(work, 'fmnist');
    fs.mkdirSync(root, { recursive: true });
    const labels = [0, 7, 7, 3, 7, 1, 7, 7, 2, 7];
    const write = (name: string, dims: number[], values: Uint8Array): void => fs.writeFileSync(path.join(root, name), zlib.gzipSync(encodeIdx(dims, values)));
    for (const split of ['train', 't10k']) {
      write(`${split}-images-idx3-ubyte.gz`, [labels.length, 28, 28], Uint8Array.from({ length: labels.length * 784 }, (_, i) => Math.floor(i / 784) * 20));
      write(`${split}-labels-idx1-ubyte.gz`, [labels.length], Uint8Array.from(labels));
    }
    const data = await prepareData(config({ format: 'fashion-mnist', root, 'fashion-mnist': { normal_class: 'sneaker' }, image_size: 28, validation_fraction: 0.2 }), silentLogger);
    expect(data.splits.train.length + data.splits.validation.length).toBe(6);
    expect(data.splits.validation).toHaveLength(1);
    expect(data.splits.test.map((r) => r.label)).toEqual(labels.map((l) => (l === 7 ? 0 : 1)));
    expect(data.category).toBe('class-sneaker');
    const batch = (await data.test.batches({ batchSize: 10 })[Symbol.asyncIterator]().next()).value!;
    const values = await batch.x.data();
    batch.x.dispose();
    expect(values[3 * 784 + 100]).toBeCloseTo(60 / 255, 6);
    expect(() => config({ format: 'mnist', root })).toThrow(/test.yaml: data.mnist: missing required key 'normal_class'/);
  });

  it('trains, reports and re-tests a one-class run, whose records are not files', async () => {
    const root = path.join(work, 'fmnist');
    const out = path.join(work, 'one-class-run');
    const { metrics } = await runTraining(config({ format: 'fashion-mnist', root, 'fashion-mnist': { normal_class: 7 }, image_size: 28, validation_fraction: 0.2 }), { out, logger: silentLogger });
    expect(typeof metrics.image_auroc).toBe('number');
    expect(fs.existsSync(path.join(out, REPORT_FILE))).toBe(true); // its pictures come from the in-memory pixels
    const again = await runTest({ runDir: out, overrides: [], logger: silentLogger, out: path.join(out, 'retest') });
    expect(again.metrics.image_auroc).toBe(metrics.image_auroc);
  });

  it('prepares the driving layout, anamoly spelling included', async () => {
    const root = path.join(work, 'driving');
    for (let i = 0; i < 5; i++) await png(path.join(root, 'train', 'images', 'normal', `t${i}.png`), () => 100);
    await png(path.join(root, 'val', 'images', 'normal', 'v.png'), () => 100);
    await png(path.join(root, 'val', 'images', 'anamoly', 'a.png'), () => 0);
    const data = await prepareData(config({ format: 'driving', root, validation_fraction: 0.2 }), silentLogger);
    expect(data.splits.train).toHaveLength(4);
    expect(data.splits.validation).toHaveLength(1);
    expect(data.splits.test.map((r) => [path.basename(r.path), r.label])).toEqual([['v.png', 0], ['a.png', 1]]);
  });
});
