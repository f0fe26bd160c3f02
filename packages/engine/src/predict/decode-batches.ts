import type { Preprocessing } from '@anomaly-zoo/core';
import { mapConcurrent } from '@anomaly-zoo/core';
import { decodeImage } from '@anomaly-zoo/data';
import type { PredictInput } from './inputs';

export interface PredictFailure {
  path: string;
  reason: string;
}

/** The images of one batch that decoded, packed NHWC, and the ones that did not. */
export interface DecodedBatch {
  inputs: PredictInput[];
  pixels: Float32Array;
  failures: PredictFailure[];
}

/** Files decoded at once within a batch (sharp decodes on its own thread pool). */
const DECODE_CONCURRENCY = 4;

/**
 * Decodes `inputs` batch by batch with the model's own preprocessing, one batch ahead of the
 * consumer, so memory stays at two batches whatever the folder's size. A file that fails to decode
 * becomes a failure with its reason; it never stops the stream.
 */
export async function* decodeInBatches(inputs: readonly PredictInput[], pre: Preprocessing, batchSize: number): AsyncGenerator<DecodedBatch> {
  let next: Promise<DecodedBatch> | undefined;
  for (let start = 0; start < inputs.length; start += batchSize) {
    const current = next ?? decodeBatch(inputs.slice(start, start + batchSize), pre);
    const following = start + batchSize;
    next = following < inputs.length ? decodeBatch(inputs.slice(following, following + batchSize), pre) : undefined;
    yield await current;
  }
}

async function decodeBatch(inputs: PredictInput[], pre: Preprocessing): Promise<DecodedBatch> {
  const results = await mapConcurrent(inputs, DECODE_CONCURRENCY, async (input): Promise<Float32Array | PredictFailure> => {
    try {
      return await decodeImage(input.path, pre);
    } catch (error) {
      return { path: input.path, reason: oneLine(error) };
    }
  });
  const per = pre.height * pre.width * pre.channels;
  const decoded = inputs.filter((_, i) => results[i] instanceof Float32Array);
  const pixels = new Float32Array(decoded.length * per);
  let offset = 0;
  for (const result of results) {
    if (result instanceof Float32Array) {
      pixels.set(result, offset);
      offset += per;
    }
  }
  const failures = results.filter((r): r is PredictFailure => !(r instanceof Float32Array));
  return { inputs: decoded, pixels, failures };
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}
