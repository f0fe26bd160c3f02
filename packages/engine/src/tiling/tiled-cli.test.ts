import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import YAML from 'yaml';
import { expectSuccess, expectUserError, runTool } from '../cli/test-utils/run-tool';
import { tinyConvAeRun } from '../test-utils/tiny-run';

// The real commands on a tiled run: tools/train fits on tiles of 64² images, tools/test and tools/predict load the
// saved tiling and score exactly as the run did.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-tiled-'));
const out = path.join(work, 'run');

// The shared tiny conv-ae run on 64² generated images, cut into nine overlapping 32² tiles.
const run = tinyConvAeRun({
  seed: 4, dir: work, synthetic: { train: 24, test_good: 6, per_defect: 3 }, epochs: 2,
  evaluation: { bootstrap: { resamples: 0 }, visualisations: { count: 3 } },
});
const data = run.data as Record<string, unknown>;
run.data = { ...data, synthetic: { ...(data.synthetic as object), size: 64 }, tiling: { resize_to: 64, stride: 16 } };
const config = YAML.stringify(run);

function scoresByPath(csv: string, scoreColumn: string): Map<string, string> {
  const [header, ...rows] = csv.trim().split('\n');
  const keys = header!.split(',');
  return new Map(rows.map((row) => {
    const cells = row.split(',');
    return [path.resolve(work, cells[keys.indexOf('path')]!), cells[keys.indexOf(scoreColumn)]!];
  }));
}

beforeAll(() => {
  fs.writeFileSync(path.join(work, 'tiled.yaml'), config);
  expectSuccess(runTool('train', ['--config', 'tiled.yaml', '--out', out], { cwd: work }));
}, 300_000);

describe('a tiled run', () => {
  it('saves its tiling, scores full-size maps, and draws them at full size', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'model/anomaly-zoo.json'), 'utf8'));
    expect(manifest.preprocessing).toEqual({ height: 64, width: 64, channels: 3 });
    expect(manifest.tiling).toEqual({ resize: { height: 64, width: 64 }, tile: { height: 32, width: 32 }, stride: { height: 16, width: 16 }, reduction: 'max' });
    const metrics = JSON.parse(fs.readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    expect(typeof metrics.pixel_auroc).toBe('number');
    const drawn = fs.readdirSync(path.join(out, 'visualisations'));
    expect(drawn).toHaveLength(3);
    const { height } = await sharp(path.join(out, 'visualisations', drawn[0]!)).metadata();
    expect(height).toBeGreaterThanOrEqual(64);
  });

  it('tools/predict gives the scores of the run, tile for tile', () => {
    const predictions = path.join(work, 'predictions.csv');
    expectSuccess(runTool('predict', ['--run', out, '--input', path.join(work, 'data', 'tiny', 'test'), '--out', predictions, '--batch-size', '5'], { cwd: work }));
    const inRun = scoresByPath(fs.readFileSync(path.join(out, 'scores.csv'), 'utf8'), 'score');
    const predicted = scoresByPath(fs.readFileSync(predictions, 'utf8'), 'score');
    expect(inRun.size).toBe(15);
    expect(predicted).toEqual(inRun);
  });

  it('tools/test re-scores it identically', () => {
    const retest = path.join(work, 'retest');
    expectSuccess(runTool('test', ['--run', out, '--out', retest, '--set', 'evaluation.report=false'], { cwd: work }));
    expect(fs.readFileSync(path.join(retest, 'scores.csv'), 'utf8')).toBe(fs.readFileSync(path.join(out, 'scores.csv'), 'utf8'));
  });
});

describe('a bad tiling', () => {
  it('stops with one line naming the key', () => {
    const bad = (name: string, sets: string[]) => runTool('train', ['--config', 'tiled.yaml', '--out', path.join(work, name), ...sets.flatMap((s) => ['--set', s])], { cwd: work });
    expectUserError(bad('gaps', ['data.tiling.stride=40']), /tiled\.yaml.*data\.tiling\.stride: 40×40 is larger than the tile 32×32/);
    expectUserError(bad('big', ['data.tiling.tile_size=96']), /data\.tiling\.tile_size: 96×96 does not fit in data\.tiling\.resize_to 64×64/);
    expectUserError(bad('key', ['data.tiling.overlap=2']), /data\.tiling.*unknown key 'overlap'|unknown key 'data\.tiling\.overlap'/);
    expectUserError(bad('reduction', ['data.tiling.reduction=median']), /data\.tiling\.reduction/);
    expectUserError(bad('ensemble', ['data.tiling.ensemble=true']), /data\.tiling\.ensemble: only for single-pass models/);
  });
});
