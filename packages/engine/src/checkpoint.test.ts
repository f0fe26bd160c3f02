import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { directorySource, GradientModel } from '@anomaly-zoo/core';
import { getModel } from '@anomaly-zoo/registry';
import { CHECKPOINT_STATE, hasCheckpoint, readCheckpoint } from './checkpoint';
import type { TrainingConfig } from './config/schema';
import { validateAgainst } from './config/validate';
import { silentLogger } from './log';
import { MemorySource } from './test-utils/memory-source';
import { trainGradientModel } from './trainer';

const pre = { height: 16, width: 16, channels: 3 as const };
const modelConfig = { channels: [8, 8], latent_channels: 4, kernel_size: 3, loss: 'mse', error_map: 'squared', map_sigma: 1, image_score: 'mean', ssim_window: 11 };
const definition = getModel('conv-ae');
const ctx = { preprocessing: pre, seed: 4, log: () => undefined };

function config(epochs: number, patience = 0): TrainingConfig {
  return { epochs, batch_size: 4, learning_rate: 0.01, early_stopping: { patience, min_delta: 0 } };
}

async function weightsOf(model: GradientModel): Promise<number[][]> {
  return Promise.all(model.trainableVariables().map(async (v) => Array.from(await v.data())));
}

describe('checkpoints and resume', () => {
  it.each([
    ['conv-ae', modelConfig],
    ['vae', { channels: [8, 8], latent: 4 }],
  ])('%s: a run stopped after epoch 2 and resumed ends with exactly the weights and losses of an uninterrupted run', async (name, given) => {
    const definition = getModel(name);
    const modelConfig: Record<string, unknown> = { ...given };
    validateAgainst(definition.schema, modelConfig, 'test', 'model');
    const train = new MemorySource(12, pre, 1);
    const validation = new MemorySource(4, pre, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-ckpt-'));

    const straight = definition.create(modelConfig, ctx) as GradientModel;
    const full = await trainGradientModel(straight, { config: config(4), seed: 4, train, validation, logger: silentLogger });

    const first = definition.create(modelConfig, ctx) as GradientModel;
    const checkpointDir = path.join(dir, 'checkpoint');
    await trainGradientModel(first, { config: config(2), seed: 4, train, validation, checkpointDir, logger: silentLogger });
    first.dispose();
    expect(hasCheckpoint(checkpointDir)).toBe(true);

    const tensorsBefore = tf.memory().numTensors;
    const resumedModel = (await definition.load(directorySource(checkpointDir), modelConfig, ctx)) as GradientModel;
    const checkpoint = readCheckpoint(checkpointDir);
    expect(checkpoint.epoch).toBe(2);
    const resumed = await trainGradientModel(resumedModel, { config: config(4), seed: 4, train, validation, resumeFrom: checkpoint, logger: silentLogger });

    expect(resumed.epochs.map((e) => e.train_loss)).toEqual(full.epochs.map((e) => e.train_loss));
    expect(resumed.epochs.map((e) => e.val_loss)).toEqual(full.epochs.map((e) => e.val_loss));
    expect(await weightsOf(resumedModel)).toEqual(await weightsOf(straight));
    resumedModel.dispose();
    straight.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensorsBefore);
  });

  it('keeps best-so-far weights in the checkpoint when early stopping is on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-ckpt-best-'));
    const model = definition.create(modelConfig, ctx) as GradientModel;
    await trainGradientModel(model, {
      config: config(3, 5), seed: 4, train: new MemorySource(8, pre, 1), validation: new MemorySource(4, pre, 2),
      checkpointDir: dir, logger: silentLogger,
    });
    const checkpoint = readCheckpoint(dir);
    expect(checkpoint.bestWeights).toHaveLength(model.trainableVariables().length);
    expect(checkpoint.history).toHaveLength(3);
    expect(checkpoint.best.epoch).toBeGreaterThanOrEqual(1);
    tf.dispose([...checkpoint.bestWeights!, ...checkpoint.optimizerWeights.map((w) => w.tensor)]);
    model.dispose();
  });

  it('stops on a NaN loss with a message, keeping the checkpoint of the last good epoch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-nan-'));
    const weight = tf.variable(tf.scalar(3));
    let epoch = 0;
    // Loss (w - 1)²; from epoch 3 on the model "diverges" to log(-1) = NaN.
    const diverging: GradientModel = {
      training: 'gradient',
      beginEpoch: (e) => { epoch = e; },
      loss: () => tf.tidy(() => (epoch >= 3 ? tf.log(tf.sub(tf.mul(weight, 0), 1)) : tf.square(tf.sub(weight, 1))) as tf.Scalar),
      trainableVariables: () => [weight],
      score: async () => ({ scores: new Float32Array(0) }),
      save: async (to) => fs.writeFileSync(path.join(to, 'w.json'), JSON.stringify(weight.dataSync()[0])),
      dispose: () => weight.dispose(),
    };
    const checkpointDir = path.join(dir, 'checkpoint');
    await expect(trainGradientModel(diverging, {
      config: config(6), seed: 1, train: new MemorySource(4, pre, 1), checkpointDir, logger: silentLogger,
    })).rejects.toThrow(`training diverged: loss is NaN in epoch 3; lower training.learning_rate; the checkpoint of epoch 2 is kept in ${checkpointDir}`);
    const kept = readCheckpoint(checkpointDir);
    expect(kept.epoch).toBe(2);
    expect(Number.isFinite(JSON.parse(fs.readFileSync(path.join(checkpointDir, 'w.json'), 'utf8')))).toBe(true);
    tf.dispose(kept.optimizerWeights.map((w) => w.tensor));
    diverging.dispose();
  });

  it('names the file when the checkpoint state is corrupt', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-ckpt-bad-'));
    fs.writeFileSync(path.join(dir, CHECKPOINT_STATE), '{"version": 1, "epo');
    expect(() => readCheckpoint(dir)).toThrow(new RegExp(`${CHECKPOINT_STATE}: unreadable checkpoint state`));
  });
});
