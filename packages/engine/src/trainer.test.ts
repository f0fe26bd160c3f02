import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { GradientModel } from '@anomaly-zoo/core';
import { getModel } from '@anomaly-zoo/registry';
import { silentLogger } from './log';
import { MemorySource } from './test-utils/memory-source';
import { EpochRecord, trainGradientModel } from './trainer';

const pre = { height: 16, width: 16, channels: 3 as const };
const modelConfig = { channels: [8, 8], latent_channels: 4, kernel_size: 3, loss: 'mse', error_map: 'squared', map_sigma: 1, image_score: 'mean', ssim_window: 11 };

function createModel(seed: number): GradientModel {
  return getModel('conv-ae').create(modelConfig, { preprocessing: pre, seed, log: () => undefined }) as GradientModel;
}

describe('trainGradientModel', () => {
  it('lowers the loss, logs JSONL, checkpoints, and keeps the tensor count flat after epoch 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-trainer-'));
    const model = createModel(3);
    const logFile = path.join(dir, 'log.jsonl');
    const summary = await trainGradientModel(model, {
      config: { epochs: 8, batch_size: 4, learning_rate: 0.01, early_stopping: { patience: 0, min_delta: 0 } },
      seed: 3, train: new MemorySource(12, pre, 1), validation: new MemorySource(4, pre, 2),
      logFile, checkpointDir: path.join(dir, 'checkpoint'), logger: silentLogger,
    });
    const epochs = summary.epochs;
    expect(epochs).toHaveLength(8);
    expect(epochs[7]!.train_loss).toBeLessThan(epochs[0]!.train_loss);
    expect(epochs[1]!.num_tensors).toBe(epochs[7]!.num_tensors);
    const logged = fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as EpochRecord);
    expect(logged.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fs.existsSync(path.join(dir, 'checkpoint', 'model.json'))).toBe(true);
    model.dispose();
  });

  it('does not leak over 50 epochs: tensor count and resident memory flat after warm-up', async () => {
    const tiny = { height: 8, width: 8, channels: 3 as const };
    const model = getModel('conv-ae').create({ ...modelConfig, channels: [4] }, { preprocessing: tiny, seed: 2, log: () => undefined }) as GradientModel;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-leak-'));
    const { epochs } = await trainGradientModel(model, {
      config: { epochs: 50, batch_size: 4, learning_rate: 0.01, early_stopping: { patience: 0, min_delta: 0 } },
      seed: 2, train: new MemorySource(8, tiny, 1), validation: new MemorySource(4, tiny, 2),
      checkpointDir: path.join(dir, 'checkpoint'), logger: silentLogger,
    });
    const warm = epochs[9]!;
    const last = epochs[49]!;
    expect(last.num_tensors).toBe(warm.num_tensors);
    // A leak of one 8×8×3 batch per step would be far below this; what it catches is growth that compounds.
    expect(last.rss_mb - warm.rss_mb).toBeLessThan(40);
    model.dispose();
  });

  it('is deterministic for a seed: same weights after training twice', async () => {
    const train = async () => {
      const model = createModel(5);
      await trainGradientModel(model, {
        config: { epochs: 2, batch_size: 4, learning_rate: 0.01, early_stopping: { patience: 0, min_delta: 0 } },
        seed: 5, train: new MemorySource(8, pre, 1), logger: silentLogger,
      });
      const weights = model.trainableVariables().map((v) => Array.from(v.dataSync()));
      model.dispose();
      return weights;
    };
    expect(await train()).toEqual(await train());
  });

  it('stops early and restores the best epoch when validation loss stops improving', async () => {
    const model = createModel(7);
    const summary = await trainGradientModel(model, {
      // A learning rate this high makes the loss bounce, so patience 1 must trigger.
      config: { epochs: 30, batch_size: 4, learning_rate: 0.5, early_stopping: { patience: 1, min_delta: 0 } },
      seed: 7, train: new MemorySource(8, pre, 1), validation: new MemorySource(4, pre, 2), logger: silentLogger,
    });
    expect(summary.stopped_early).toBe(true);
    expect(summary.epochs.length).toBeLessThan(30);
    const bestLoss = Math.min(...summary.epochs.map((e) => e.val_loss as number));
    expect(summary.epochs[summary.best_epoch - 1]!.val_loss).toBe(bestLoss);
    const tensorsBefore = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(tensorsBefore);
  });
});
