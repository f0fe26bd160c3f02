import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pretrainedModelsDir } from '@anomaly-zoo/components';
import { pretrainedModel } from '@anomaly-zoo/testing';
import { loadRunConfig } from './config/load';
import { silentLogger } from './log';
import { runTraining } from './run-training';

// CIFAR-10 itself cannot be downloaded here: the committed one-class configs of the feature-density models run end to
// end on a generated file in the CIFAR-10 binary layout (per record: 1 label byte, then 1024 R, 1024 G, 1024 B).
const repo = path.resolve(__dirname, '../../..');
const SIDE = 32;

/** Class 3 (the normal class below) is horizontal stripes; every other class is a bright square on a dark field. */
function record(label: number, variant: number): Buffer {
  const out = Buffer.alloc(1 + 3 * SIDE * SIDE);
  out[0] = label;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const stripes = ((y + variant) >> 2) % 2 === 0 ? 220 : 40;
      const square = Math.abs(x - 10 - (variant % 12)) < 6 && Math.abs(y - 16) < 6 ? 230 : 20;
      const value = label === 3 ? stripes : square;
      for (let c = 0; c < 3; c++) out[1 + c * SIDE * SIDE + y * SIDE + x] = Math.max(0, Math.min(255, value + 10 * c + label * 3));
    }
  }
  return out;
}

function writeCifar(root: string): void {
  const dir = path.join(root, 'cifar-10-batches-bin');
  fs.mkdirSync(dir, { recursive: true });
  for (let batch = 1; batch <= 5; batch++) {
    fs.writeFileSync(path.join(dir, `data_batch_${batch}.bin`), Buffer.concat([0, 1, 2, 3].map((i) => record(batch === 1 || i === 3 ? 3 : 5, batch * 4 + i))));
  }
  const test = [...Array.from({ length: 6 }, (_, i) => record(3, 40 + i)), ...Array.from({ length: 6 }, (_, i) => record(i === 3 ? 7 : i, 50 + i))];
  fs.writeFileSync(path.join(dir, 'test_batch.bin'), Buffer.concat(test));
}

const haveBackbone = pretrainedModel(pretrainedModelsDir(), 'mobilenet_v1_0.75_224') !== undefined;

(haveBackbone ? describe : describe.skip)('one-class configs of the feature-density models on a generated CIFAR-binary file', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-one-class-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  writeCifar(path.join(work, 'cifar'));

  for (const model of ['dfkdm', 'dfm']) {
    it(`configs/${model}/cifar10.yaml trains on class 3 and ranks the other classes above it`, async () => {
      const config = loadRunConfig(path.join(repo, 'configs', model, 'cifar10.yaml'), [
        `data.root=${path.join(work, 'cifar')}`, 'data.cifar10.normal_class=3', 'model.feature_cache=false', 'evaluation.report=false', 'evaluation.bootstrap.resamples=0',
      ]);
      const { metrics } = await runTraining(config, { out: path.join(work, model), logger: silentLogger });
      expect(metrics.image_auroc).toBeGreaterThan(0.9);
    });
  }
});
