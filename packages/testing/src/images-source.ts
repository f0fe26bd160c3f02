import * as tf from '@tensorflow/tfjs';
import { BatchOptions, BatchSource, createRng, ImageBatch, ImageRecord, Preprocessing } from '@anomaly-zoo/core';

/**
 * A BatchSource over images already in memory (each HWC float32 at the preprocessing size), in order or shuffled
 * by `shuffleSeed` as ImageSet does; records default to normal images named `<prefix><i>.png`.
 */
export class ImagesSource implements BatchSource {
  readonly records: ImageRecord[];

  constructor(private readonly images: readonly Float32Array[], readonly preprocessing: Preprocessing, records?: readonly ImageRecord[], prefix = 'mem-') {
    const { height, width, channels } = preprocessing;
    const bad = images.findIndex((image) => image.length !== height * width * channels);
    if (bad >= 0) throw new Error(`ImagesSource: image ${bad} has ${images[bad]!.length} values, not ${height}×${width}×${channels}`);
    this.records = records ? [...records] : images.map((_, i) => ({ path: `${prefix}${i}.png`, label: 0 as const, defectType: 'good' }));
  }

  get size(): number {
    return this.images.length;
  }

  async *batches(options: BatchOptions): AsyncIterable<ImageBatch> {
    const ids = this.images.map((_, i) => i);
    const order = options.shuffleSeed === undefined ? ids : createRng(options.shuffleSeed).shuffled(ids);
    const { height, width, channels } = this.preprocessing;
    const per = height * width * channels;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const chunk = order.slice(start, start + options.batchSize);
      const data = new Float32Array(chunk.length * per);
      chunk.forEach((id, i) => data.set(this.images[id]!, i * per));
      yield { x: tf.tensor4d(data, [chunk.length, height, width, channels]), records: chunk.map((id) => this.records[id]!) };
    }
  }
}
