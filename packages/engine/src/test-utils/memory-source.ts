import * as tf from '@tensorflow/tfjs';
import { BatchOptions, BatchSource, createRng, ImageBatch, ImageRecord, Preprocessing } from '@anomaly-zoo/core';

export type Painter = (y: number, x: number, c: number, phase: number) => number;

const stripes: Painter = (_y, x, c, phase) => 0.5 + 0.4 * Math.sin(x / 2 + phase + c);

/** A BatchSource over images already in memory: stripes with a seeded phase, for trainer tests. */
export class MemorySource implements BatchSource {
  readonly records: ImageRecord[];
  private readonly pixels: Float32Array;

  /** `paint` gives pixel (y, x, c) of an image from its seeded phase in [0, π); vertical stripes by default. */
  constructor(readonly size: number, readonly preprocessing: Preprocessing, seed = 1, paint: Painter = stripes) {
    const { height, width, channels } = preprocessing;
    const rng = createRng(seed);
    this.pixels = new Float32Array(size * height * width * channels);
    for (let n = 0; n < size; n++) {
      const phase = rng.uniform(0, Math.PI);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++)
          for (let c = 0; c < channels; c++)
            this.pixels[((n * height + y) * width + x) * channels + c] = paint(y, x, c, phase);
    }
    this.records = Array.from({ length: size }, (_, i) => ({ path: `mem-${i}.png`, label: 0 as const, defectType: 'good' }));
  }

  async *batches(options: BatchOptions): AsyncIterable<ImageBatch> {
    const order = options.shuffleSeed === undefined ? this.records.map((_, i) => i) : createRng(options.shuffleSeed).shuffled(this.records.map((_, i) => i));
    const { height, width, channels } = this.preprocessing;
    const per = height * width * channels;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const ids = order.slice(start, start + options.batchSize);
      const data = new Float32Array(ids.length * per);
      ids.forEach((id, i) => data.set(this.pixels.subarray(id * per, (id + 1) * per), i * per));
      yield { x: tf.tensor4d(data, [ids.length, height, width, channels]), records: ids.map((id) => this.records[id]!) };
    }
  }
}
