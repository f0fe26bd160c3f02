import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { CHECKPOINT_STATE, confinedFile, weightBytes, GradientModel, UserError, writeDirAtomic, writeFileAtomic, writeJsonAtomic } from '@anomaly-zoo/core';

export { CHECKPOINT_STATE };
const OPTIMIZER_FILE = 'optimizer.bin';
const BEST_FILE = 'best-weights.bin';

/** What tf.Optimizer.getWeights returns and tf.io.encodeWeights takes. */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  val_loss: number | null;
  seconds: number;
  images_per_second: number;
  num_tensors: number;
  /** Resident set size of the process at the end of the epoch, MiB. */
  rss_mb: number;
}

export interface BestSoFar {
  loss: number;
  epoch: number;
}

interface TensorFile {
  file: string;
  specs: tf.io.WeightsManifestEntry[];
}

interface StateJson {
  version: 1;
  epoch: number;
  history: EpochRecord[];
  best: { loss: number | null; epoch: number };
  optimizer: TensorFile;
  best_weights?: TensorFile;
}

/** The loop's state after a finished epoch, as the trainer holds it. */
interface LoopState {
  epoch: number;
  history: EpochRecord[];
  best: BestSoFar;
  bestWeights: tf.Tensor[];
}

/** What a resumed loop starts from. The caller disposes `optimizerWeights` and `bestWeights`. */
export interface TrainerCheckpoint {
  epoch: number;
  history: EpochRecord[];
  best: BestSoFar;
  optimizerWeights: NamedTensor[];
  bestWeights?: tf.Tensor[];
}

async function writeTensors(dir: string, file: string, tensors: NamedTensor[]): Promise<TensorFile> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  writeFileAtomic(path.join(dir, file), new Uint8Array(data));
  return { file, specs };
}

function readTensors(dir: string, entry: TensorFile): NamedTensor[] {
  const state = path.join(dir, CHECKPOINT_STATE);
  const bytes = fs.readFileSync(confinedFile(dir, entry.file, state));
  const expected = weightBytes(entry.specs, state);
  if (bytes.byteLength !== expected) throw new UserError(`${path.join(dir, entry.file)}: holds ${bytes.byteLength} bytes, the checkpoint state needs ${expected} (truncated?)`);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const map = tf.io.decodeWeights(buffer, entry.specs);
  return entry.specs.map((spec) => ({ name: spec.name, tensor: map[spec.name] as tf.Tensor }));
}

/**
 * Saves model, optimizer moments, best-so-far weights and history as one directory swapped in atomically,
 * so a crash at any moment leaves the previous complete checkpoint.
 */
export async function saveCheckpoint(
  dir: string,
  model: GradientModel,
  optimizer: tf.Optimizer,
  state: LoopState,
): Promise<void> {
  const optimizerWeights = await optimizer.getWeights();
  // getWeights returns the optimizer's live variables plus fresh tensors (the iteration count): free the latter.
  const fresh = optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable));
  try {
    await writeCheckpointDir(dir, model, optimizerWeights, state);
  } finally {
    tf.dispose(fresh);
  }
}

async function writeCheckpointDir(
  dir: string,
  model: GradientModel,
  optimizerWeights: NamedTensor[],
  state: LoopState,
): Promise<void> {
  await writeDirAtomic(dir, async (temp) => {
    await model.save(temp);
    const json: StateJson = {
      version: 1,
      epoch: state.epoch,
      history: state.history,
      best: { loss: Number.isFinite(state.best.loss) ? state.best.loss : null, epoch: state.best.epoch },
      optimizer: await writeTensors(temp, OPTIMIZER_FILE, optimizerWeights),
      ...(state.bestWeights.length > 0
        ? { best_weights: await writeTensors(temp, BEST_FILE, state.bestWeights.map((tensor, i) => ({ name: `w${i}`, tensor }))) }
        : {}),
    };
    writeJsonAtomic(path.join(temp, CHECKPOINT_STATE), json);
  });
}

/** True when `dir` holds a checkpoint this version can resume from. */
export function hasCheckpoint(dir: string): boolean {
  return fs.existsSync(path.join(dir, CHECKPOINT_STATE));
}

export function readCheckpoint(dir: string): TrainerCheckpoint {
  const file = path.join(dir, CHECKPOINT_STATE);
  let json: StateJson;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as StateJson;
  } catch (error) {
    throw new UserError(`${file}: unreadable checkpoint state (${(error as Error).message})`);
  }
  if (json.version !== 1) throw new UserError(`${file}: unsupported checkpoint version ${JSON.stringify(json.version)}`);
  return {
    epoch: json.epoch,
    history: json.history,
    best: { loss: json.best.loss ?? Infinity, epoch: json.best.epoch },
    optimizerWeights: readTensors(dir, json.optimizer),
    bestWeights: json.best_weights ? readTensors(dir, json.best_weights).map((t) => t.tensor) : undefined,
  };
}
