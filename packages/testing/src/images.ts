import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';

/** Grey value (0–255) of pixel (x, y). */
export type PixelPattern = (x: number, y: number) => number;

/** Writes a size × size RGB PNG whose three channels all follow `pattern` (flat grey 128 by default); returns `file`. */
export async function writePng(file: string, options: { size?: number; pattern?: PixelPattern; channels?: 1 | 3 } = {}): Promise<string> {
  const size = options.size ?? 8;
  const channels = options.channels ?? 3;
  const pattern = options.pattern ?? (() => 128);
  const data = Buffer.alloc(size * size * channels);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.fill(pattern(x, y), (y * size + x) * channels, (y * size + x + 1) * channels);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(data, { raw: { width: size, height: size, channels } }).png().toFile(file);
  return file;
}

/** A binary mask PNG (white = defect) of a size × size image, white inside the given square. */
export async function writeMaskPng(file: string, size: number, square: { x: number; y: number; side: number }): Promise<string> {
  const inside = (x: number, y: number): boolean => x >= square.x && x < square.x + square.side && y >= square.y && y < square.y + square.side;
  return writePng(file, { size, channels: 1, pattern: (x, y) => (inside(x, y) ? 255 : 0) });
}
