import sharp from 'sharp';
import { ImageRecord, isUserError, mapConcurrent, Preprocessing, UserError } from '@anomaly-zoo/core';
import { decodeImageBytes } from './decode/decode-image';
import type { DecodeOptions } from './decode/sharp-input';

/** What happens to a file that cannot be decoded: stop naming it (error), or leave it out, logged and counted (skip). */
export const BAD_IMAGE_POLICIES = ['error', 'skip'] as const;
export type BadImagePolicy = (typeof BAD_IMAGE_POLICIES)[number];

export interface ScreenOptions extends DecodeOptions {
  policy: BadImagePolicy;
  log: (line: string) => void;
}

export interface ScreenResult {
  records: ImageRecord[];
  skipped: { path: string; reason: string }[];
}

const SCREEN_CONCURRENCY = 8;

/**
 * Under the `skip` policy, decodes every record once and drops those that fail (each logged, then a count);
 * under `error` nothing is decoded here: the first bad file stops the run when it is reached, naming it.
 * Masks are checked under both: a mask must have its image's size.
 */
export async function screenRecords(records: readonly ImageRecord[], pre: Preprocessing, options: ScreenOptions): Promise<ScreenResult> {
  await mapConcurrent(records.filter((r) => r.maskPath !== undefined), SCREEN_CONCURRENCY, (r) => checkMaskSize(r));
  if (options.policy === 'error') return { records: records.slice(), skipped: [] };
  const failures = await mapConcurrent(records, SCREEN_CONCURRENCY, async (record) => {
    try {
      await decodeImageBytes(record.path, pre, options);
      return undefined;
    } catch (error) {
      if (!isUserError(error)) throw error;
      return error.message;
    }
  });
  const skipped: ScreenResult['skipped'] = [];
  const kept = records.filter((record, i) => {
    const reason = failures[i];
    if (reason === undefined) return true;
    options.log(`skipped ${reason}`);
    skipped.push({ path: record.path, reason });
    return false;
  });
  if (skipped.length > 0) options.log(`${skipped.length} bad image(s) skipped (data.on_bad_image: skip)`);
  return { records: kept, skipped };
}

async function orientedSize(file: string): Promise<{ width: number; height: number } | undefined> {
  try {
    const meta = await sharp(file).metadata();
    if (meta.width === undefined || meta.height === undefined) return undefined;
    const swapped = (meta.orientation ?? 1) >= 5;
    return swapped ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
  } catch {
    return undefined; // unreadable files are reported by the decoder, with its reason
  }
}

async function checkMaskSize(record: ImageRecord): Promise<void> {
  const [image, mask] = await Promise.all([orientedSize(record.path), orientedSize(record.maskPath as string)]);
  if (!image || !mask) return;
  if (image.width !== mask.width || image.height !== mask.height) {
    throw new UserError(
      `${record.maskPath}: mask is ${mask.width}×${mask.height} but its image ${record.path} is ${image.width}×${image.height}`,
    );
  }
}
