import * as fs from 'fs';
import * as path from 'path';
import { writeMaskPng, writePng } from '@anomaly-zoo/data';

/** Grey value (0–255) of pixel (x, y). */
export type PixelPattern = (x: number, y: number) => number;

/** Writes a size × size PNG (RGB, or grey with channels 1) whose channels all follow `pattern` (flat 128 by default); returns `file`. */
export async function writePatternPng(file: string, options: { size?: number; pattern?: PixelPattern; channels?: 1 | 3 } = {}): Promise<string> {
  const size = options.size ?? 8;
  const channels = options.channels ?? 3;
  const pattern = options.pattern ?? (() => 128);
  const pixels = new Uint8Array(size * size * channels);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) pixels.fill(pattern(x, y), (y * size + x) * channels, (y * size + x + 1) * channels);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writePng(file, pixels, size, size, channels);
  return file;
}

/** A size × size mask PNG (white = defect), white inside the given square. */
export async function writeSquareMask(file: string, size: number, square: { x: number; y: number; side: number }): Promise<string> {
  const mask = new Uint8Array(size * size);
  for (let y = square.y; y < Math.min(size, square.y + square.side); y++) mask.fill(1, y * size + square.x, y * size + Math.min(size, square.x + square.side));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeMaskPng(file, mask, size, size);
  return file;
}
