import * as tf from '@tensorflow/tfjs';
import type { AnomalyModel, Preprocessing } from '@anomaly-zoo/core';
import { tensor4dFromHost } from '@anomaly-zoo/core';
import { isAnomalous, normalise } from '@anomaly-zoo/eval';
import type { EngineScorer, ScoringEngine } from '@anomaly-zoo/engine';
import type { ModelManifest } from '@anomaly-zoo/engine/saved-model';

/** Decoded RGBA pixels, as a canvas's `getImageData` gives them. */
export interface ImageDataLike {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * One image to score. Everywhere: `ImageData` (RGBA bytes) or a `tf.Tensor3D` (HWC, values in [0, 1]). In Node also a
 * file path or the bytes of an image file (a Buffer), decoded exactly as the command-line tools decode them.
 * Images of another size than the model's preprocessing are resized bilinearly (tfjs), which differs slightly from
 * the command line's resize: pass images at the preprocessing size for identical scores.
 */
export type ImageInput = string | Uint8Array | ImageDataLike | tf.Tensor3D;

export interface ScoreOptions {
  /** Also return one anomaly map per image (height × width of the preprocessing, row-major), where the model has one. */
  maps?: boolean;
  /** Images per forward pass (default 32). */
  batchSize?: number;
}

export type Label = 'anomalous' | 'normal';

export interface Detection {
  /** Raw scores, one per image: higher is more anomalous. */
  scores: number[];
  /** Scores mapped so the saved threshold is 0.5 (anomalib's min-max normalisation), in [0, 1]. */
  normalisedScores: number[];
  /** 'anomalous' when the raw score is strictly above the saved threshold. */
  labels: Label[];
  /** With `maps: true`, for models that give maps. */
  maps?: Float32Array[];
}

/** Turns an input the portable code cannot read (a path, file bytes) into HWC float32 pixels at the preprocessing. */
export type ImageDecoder = (input: string | Uint8Array, pre: Preprocessing) => Promise<Float32Array>;

/** A loaded model with its saved preprocessing, threshold and normalisation: everything scoring needs. */
export class AnomalyDetector {
  constructor(
    private readonly model: AnomalyModel,
    /** The saved model's `anomaly-zoo.json`. */
    readonly manifest: ModelManifest,
    private readonly decode?: ImageDecoder,
    /** Scoring elsewhere than the tfjs model (its exported graph in ONNX Runtime), from the engine's scorerOn. */
    private readonly native?: EngineScorer,
  ) {}

  /** What scores: 'onnxruntime' (the model's exported graph) or 'tfjs'. */
  get engine(): ScoringEngine {
    return this.native?.engine ?? 'tfjs';
  }

  /** The registered model's name, e.g. 'padim'. */
  get modelName(): string {
    return this.manifest.model;
  }

  get preprocessing(): Preprocessing {
    return this.manifest.preprocessing;
  }

  get threshold(): number {
    return this.manifest.threshold.value;
  }

  /** Scores images (a list, or one NHWC tensor in [0, 1]); the caller keeps ownership of tensors it passes. */
  async score(images: readonly ImageInput[] | tf.Tensor4D, options: ScoreOptions = {}): Promise<Detection> {
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`score: batchSize must be a positive integer, got ${batchSize}`);
    const detection: Detection = { scores: [], normalisedScores: [], labels: [], ...(options.maps ? { maps: [] } : {}) };
    const count = images instanceof tf.Tensor ? images.shape[0] : images.length;
    for (let start = 0; start < count; start += batchSize) {
      const end = Math.min(count, start + batchSize);
      const x = images instanceof tf.Tensor ? this.fitTensor(tf.slice(images, start, end - start)) : await this.batchOf(images.slice(start, end));
      try {
        const result = await (this.native?.scorer ?? this.model).score(x, { maps: options.maps });
        for (const score of result.scores) {
          detection.scores.push(score);
          detection.normalisedScores.push(normalise(score, this.manifest.normalisation));
          detection.labels.push(isAnomalous(score, this.threshold) ? 'anomalous' : 'normal');
        }
        if (detection.maps && result.maps) detection.maps.push(...result.maps);
      } finally {
        x.dispose();
      }
    }
    if (detection.maps && detection.maps.length === 0 && count > 0) delete detection.maps;
    return detection;
  }

  /** Frees the model's tensors; the detector cannot score afterwards. */
  dispose(): void {
    void this.native?.release();
    this.model.dispose();
  }

  /**
   * The images exactly as `score` feeds them to the model: NHWC float32 in [0, 1] at the preprocessing's size and
   * channels. Another engine given these pixels (an exported model.onnx in ONNX Runtime) scores what this one scores.
   */
  async pixels(images: readonly ImageInput[]): Promise<{ data: Float32Array; dims: [number, number, number, number] }> {
    const { height, width, channels } = this.preprocessing;
    const per = height * width * channels;
    const data = new Float32Array(images.length * per);
    // Decoded side by side: sharp decodes files on its own thread pool.
    const decoded = await Promise.all(images.map((image) => this.pixelsOf(image)));
    decoded.forEach((values, i) => data.set(values, i * per));
    return { data, dims: [images.length, height, width, channels] };
  }

  private async batchOf(images: readonly ImageInput[]): Promise<tf.Tensor4D> {
    const { data, dims } = await this.pixels(images);
    return tensor4dFromHost(data, dims);
  }

  private async pixelsOf(image: ImageInput): Promise<Float32Array> {
    if (image instanceof tf.Tensor) {
      if (image.rank !== 3) throw new Error(`score: a tensor image must be HWC (rank 3), got shape [${image.shape}]`);
      const fitted = this.fitTensor(tf.expandDims(image, 0) as tf.Tensor4D);
      const values = (await fitted.data()) as Float32Array;
      fitted.dispose();
      return values;
    }
    if (typeof image === 'string' || image instanceof Uint8Array) {
      if (!this.decode) throw new Error('score: file paths and encoded image bytes need the Node entry of anomaly-zoo; in a browser pass ImageData or tensors');
      return this.decode(image, this.preprocessing);
    }
    if (isImageData(image)) {
      const rgb = rgbaTensor(image);
      try {
        return await this.pixelsOf(rgb);
      } finally {
        rgb.dispose();
      }
    }
    throw new Error('score: an image must be ImageData, a tensor, a file path or file bytes');
  }

  /** NHWC in [0, 1] (disposed here) → float32 at the preprocessing's size and channels. */
  private fitTensor(x: tf.Tensor4D): tf.Tensor4D {
    const { height, width, channels } = this.preprocessing;
    return tf.tidy(() => {
      let y = tf.cast(x, 'float32') as tf.Tensor4D;
      x.dispose();
      if (y.shape[3] !== channels) {
        if (y.shape[3] === 3 && channels === 1) y = tf.sum(tf.mul(y, tf.tensor1d([0.2126, 0.7152, 0.0722])), 3, true) as tf.Tensor4D;
        else if (y.shape[3] === 1 && channels === 3) y = tf.tile(y, [1, 1, 1, 3]);
        else throw new Error(`score: images have ${y.shape[3]} channels, the model takes ${channels}`);
      }
      if (y.shape[1] !== height || y.shape[2] !== width) y = tf.image.resizeBilinear(y, [height, width], false, true);
      return y;
    });
  }
}

function isImageData(value: unknown): value is ImageDataLike {
  const candidate = value as ImageDataLike;
  return typeof candidate === 'object' && candidate !== null && Number.isInteger(candidate.width) && Number.isInteger(candidate.height) && candidate.data?.length === candidate.width * candidate.height * 4;
}

/** RGBA bytes → HWC RGB in [0, 1], alpha flattened onto black (as the file decoder does). */
function rgbaTensor(image: ImageDataLike): tf.Tensor3D {
  const rgb = new Float32Array(image.width * image.height * 3);
  for (let p = 0, q = 0; p < image.data.length; p += 4, q += 3) {
    const alpha = image.data[p + 3]! / 255;
    rgb[q] = (image.data[p]! * alpha) / 255;
    rgb[q + 1] = (image.data[p + 1]! * alpha) / 255;
    rgb[q + 2] = (image.data[p + 2]! * alpha) / 255;
  }
  return tf.tensor3d(rgb, [image.height, image.width, 3]);
}
