import * as fs from 'fs';
import * as tf from '@tensorflow/tfjs';
import { BatchSource, GradientModel, UserError } from '@anomaly-zoo/core';
import { BestSoFar, EpochRecord, saveCheckpoint, TrainerCheckpoint } from './checkpoint';
import type { TrainingConfig } from './config/schema';
import type { Logger } from './log';
import { epochProgress } from './progress';

export type { EpochRecord };

export interface TrainOptions {
  config: TrainingConfig;
  seed: number;
  train: BatchSource;
  validation?: BatchSource;
  /** Appends one JSON line per epoch. */
  logFile?: string;
  /** Model, optimizer and loop state are saved here (atomically) after every epoch. */
  checkpointDir?: string;
  /** Continue after this checkpoint's epoch; the model must already hold its weights. */
  resumeFrom?: TrainerCheckpoint;
  logger: Logger;
  /** Called after every finished epoch (its checkpoint written). */
  onEpoch?: (record: EpochRecord, epochs: number) => void;
  /** Aborting stops before the next epoch; the checkpoint of the last finished one stays, so the run resumes. */
  signal?: AbortSignal;
}

export interface TrainSummary {
  epochs: EpochRecord[];
  best_epoch: number;
  stopped_early: boolean;
}

/**
 * The gradient training loop: Adam, seeded shuffling (epoch k's order depends only on the seed and k, so a
 * resumed run sees the same batches), validation loss, early stopping, checkpoints after every epoch.
 */
export async function trainGradientModel(model: GradientModel, options: TrainOptions): Promise<TrainSummary> {
  const { config, logger, resumeFrom } = options;
  await model.prepare?.();
  const optimizer = tf.train.adam(config.learning_rate, ADAM_BETAS.beta1, ADAM_BETAS.beta2);
  const variables = model.trainableVariables();
  const history: EpochRecord[] = resumeFrom ? resumeFrom.history.slice() : [];
  const patience = config.early_stopping.patience;
  let best: BestSoFar = resumeFrom ? { ...resumeFrom.best } : { loss: Infinity, epoch: 0 };
  let bestWeights: tf.Tensor[] = resumeFrom?.bestWeights ?? [];
  let stoppedEarly = false;
  try {
    if (resumeFrom) {
      await optimizer.setWeights(resumeFrom.optimizerWeights);
      restoreAdamBetaPowers(optimizer, ADAM_BETAS);
      logger.info(`resuming after epoch ${resumeFrom.epoch}/${config.epochs}`);
      if (patience > 0 && history.length - best.epoch >= patience) {
        // The interrupted run had just decided to stop early: finish that decision.
        variables.forEach((v, i) => v.assign(bestWeights[i] as tf.Tensor));
        stoppedEarly = true;
      }
    }
    for (let epoch = history.length + 1; !stoppedEarly && epoch <= config.epochs; epoch++) {
      options.signal?.throwIfAborted();
      model.beginEpoch?.(epoch);
      const record = await runEpoch(model, optimizer, variables, options, epoch);
      history.push(record);
      logger.info(
        `epoch ${epoch}/${config.epochs}  train_loss ${record.train_loss.toPrecision(5)}  val_loss ${record.val_loss?.toPrecision(5) ?? '-'}  ${record.images_per_second.toFixed(1)} img/s`,
      );
      if (options.logFile) fs.appendFileSync(options.logFile, JSON.stringify(record) + '\n');

      const monitored = record.val_loss ?? record.train_loss;
      let restore = false;
      if (monitored < best.loss - config.early_stopping.min_delta) {
        tf.dispose(bestWeights);
        best = { loss: monitored, epoch };
        bestWeights = patience > 0 ? variables.map((v) => v.clone()) : [];
      } else if (patience > 0 && epoch - best.epoch >= patience) {
        restore = true;
      }
      if (options.checkpointDir) await saveCheckpoint(options.checkpointDir, model, optimizer, { epoch, history, best, bestWeights });
      killHereForTests(epoch);
      options.onEpoch?.(record, config.epochs);
      if (restore) {
        logger.info(`early stopping: no improvement in ${patience} epochs; restoring epoch ${best.epoch}`);
        variables.forEach((v, i) => v.assign(bestWeights[i] as tf.Tensor));
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    tf.dispose(bestWeights);
    if (resumeFrom) tf.dispose(resumeFrom.optimizerWeights.map((w) => w.tensor));
    optimizer.dispose();
  }
  return { epochs: history, best_epoch: stoppedEarly ? best.epoch : history.length, stopped_early: stoppedEarly };
}

/**
 * Test seam (documented in the README): with ANOMALY_ZOO_KILL_AFTER_EPOCH=k the process SIGKILLs itself right
 * after epoch k's checkpoint is written, so the resume tests can stop a run after every epoch exactly, not by timing.
 */
function killHereForTests(epoch: number): void {
  if (process.env.ANOMALY_ZOO_KILL_AFTER_EPOCH === String(epoch)) process.kill(process.pid, 'SIGKILL');
}

/** tfjs's Adam defaults, spelled out because a resume recomputes what they imply. */
const ADAM_BETAS = { beta1: 0.9, beta2: 0.999 } as const;

/**
 * Puts Adam's bias-correction powers back exactly as an uninterrupted run holds them. Adam keeps
 * accBeta = beta^(t+1) as a float32 variable multiplied by beta after every step t; tfjs's setWeights instead
 * recomputes it as pow(beta, t + 1), which differs from the running float32 product in the last bit for many t
 * (for beta2 = 0.999 at t = 2, 5 and every t from 18 on). That one-ulp change in the step size made a resumed
 * run drift from the uninterrupted one. Repeating the float32 products (Math.fround is exactly a float32
 * multiply's rounding) restores the same bits, also for checkpoints written before this fix.
 */
function restoreAdamBetaPowers(optimizer: tf.Optimizer, betas: typeof ADAM_BETAS): void {
  const adam = optimizer as unknown as { iterations: number; accBeta1?: tf.Variable; accBeta2?: tf.Variable };
  if (!adam.accBeta1 || !adam.accBeta2) throw new Error('restoreAdamBetaPowers: this tfjs Adam keeps its beta powers elsewhere');
  const runningPower = (beta: number): number => {
    const b = Math.fround(beta);
    let acc = b;
    for (let step = 0; step < adam.iterations; step++) acc = Math.fround(acc * b);
    return acc;
  };
  tf.tidy(() => {
    adam.accBeta1!.assign(tf.scalar(runningPower(betas.beta1)));
    adam.accBeta2!.assign(tf.scalar(runningPower(betas.beta2)));
  });
}

async function runEpoch(
  model: GradientModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  options: TrainOptions,
  epoch: number,
): Promise<EpochRecord> {
  const started = performance.now();
  const progress = epochProgress(epoch, options.config.epochs, options.train.size);
  let lossSum = 0;
  let seen = 0;
  try {
    for await (const batch of options.train.batches({ batchSize: options.config.batch_size, shuffleSeed: options.seed * 1000 + epoch })) {
      const n = batch.x.shape[0];
      const cost = optimizer.minimize(() => model.loss(batch.x), true, variables);
      batch.x.dispose();
      const value = cost ? (await cost.data())[0] as number : NaN;
      cost?.dispose();
      if (!Number.isFinite(value)) {
        const kept = options.checkpointDir && epoch > 1 ? `; the checkpoint of epoch ${epoch - 1} is kept in ${options.checkpointDir}` : '';
        throw new UserError(`training diverged: loss is ${value} in epoch ${epoch}; lower training.learning_rate${kept}`);
      }
      lossSum += value * n;
      seen += n;
      progress.update(seen, lossSum / seen);
    }
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const valLoss = options.validation && options.validation.size > 0 ? await meanLoss(model, options.validation, options.config.batch_size) : null;
  return {
    epoch,
    train_loss: lossSum / Math.max(1, seen),
    val_loss: valLoss,
    seconds,
    images_per_second: seen / seconds,
    num_tensors: tf.memory().numTensors,
    rss_mb: Math.round(process.memoryUsage.rss() / 2 ** 20),
  };
}

async function meanLoss(model: GradientModel, source: BatchSource, batchSize: number): Promise<number> {
  let sum = 0;
  let count = 0;
  for await (const batch of source.batches({ batchSize })) {
    const loss = model.loss(batch.x);
    sum += ((await loss.data())[0] as number) * batch.x.shape[0];
    count += batch.x.shape[0];
    tf.dispose([loss, batch.x]);
  }
  return sum / Math.max(1, count);
}
