import sharp from 'sharp';
import { UserError } from '@anomaly-zoo/core';
import { decodeBmp, isBmp } from './bmp';
import { readImageFile, readImageHead } from './read-image-file';

/** sharp's own default: 0x3FFF × 0x3FFF pixels. */
export const DEFAULT_LIMIT_INPUT_PIXELS = 0x3fff * 0x3fff;

export interface DecodeOptions {
  /** Refuse images with more pixels than this (guards memory against huge or hostile files). */
  limitInputPixels?: number;
}

/**
 * A sharp pipeline over the file, which libvips reads itself (a whole-file buffer per image in JavaScript was the
 * largest source of garbage in a decoding run); BMP, which libvips can't read, is read and decoded first.
 */
export async function openImage(filePath: string, options: DecodeOptions = {}): Promise<sharp.Sharp> {
  if (isBmp(await readImageHead(filePath))) return openImageBytes(await readImageFile(filePath), filePath, options);
  return sharp(filePath, { limitInputPixels: options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS });
}

/** A sharp pipeline over an image file's bytes (`name` says where they came from, for errors). */
export function openImageBytes(bytes: Buffer, name: string, options: DecodeOptions = {}): sharp.Sharp {
  const limitInputPixels = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  if (isBmp(bytes)) {
    const { data, width, height, channels } = decodeBmp(bytes, name, limitInputPixels);
    return sharp(data, { raw: { width, height, channels }, limitInputPixels });
  }
  return sharp(bytes, { limitInputPixels });
}

/** Runs a pipeline to raw pixels, reporting decoder failures as one-line UserErrors naming the file. */
export async function toRawPixels(
  filePath: string,
  pipeline: sharp.Sharp,
  depth: 'uchar' | 'ushort',
): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  try {
    return await pipeline.raw({ depth }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new UserError(`${filePath}: ${describeDecodeFailure(error)}`);
  }
}

function describeDecodeFailure(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  if (/unsupported image format/i.test(message)) {
    return 'not a supported image (expected PNG, JPEG, GIF, TIFF, WebP or BMP)';
  }
  if (/pixel limit/i.test(message)) return 'image exceeds the pixel limit (limitInputPixels); raise the limit if the file is trusted';
  return `cannot decode image (corrupt or truncated?): ${message.replace(/^Input (buffer|file) (has |contains )?/i, '')}`;
}

export function checkPreprocessing(pre: { height: number; width: number; channels: number }): void {
  for (const key of ['height', 'width'] as const) {
    if (!Number.isInteger(pre[key]) || pre[key] < 1) throw new UserError(`preprocessing: ${key} must be a positive integer (got ${pre[key]})`);
  }
  if (pre.channels !== 1 && pre.channels !== 3) throw new UserError(`preprocessing: channels must be 1 or 3 (got ${pre.channels})`);
}
