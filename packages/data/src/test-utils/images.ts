import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';

/** An RGB gradient: red rises left to right, green top to bottom, blue fixed at 64. */
export function gradientPixels(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = Math.round((255 * x) / Math.max(1, width - 1));
      data[i + 1] = Math.round((255 * y) / Math.max(1, height - 1));
      data[i + 2] = 64;
    }
  }
  return data;
}

export function rawImage(data: Buffer | Uint8Array | Uint16Array, width: number, height: number, channels: 1 | 2 | 3 | 4): sharp.Sharp {
  return sharp(data, { raw: { width, height, channels } });
}

export async function writeImage(file: string, image: sharp.Sharp): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await image.toFile(file);
  return file;
}

/** A small PNG of one flat colour, for loader tests that never decode. */
export async function writeFlatPng(file: string, size = 8, value = 128): Promise<string> {
  return writeImage(file, rawImage(Buffer.alloc(size * size * 3, value), size, size, 3).png());
}

/**
 * An uncompressed BMP (bottom-up unless `topDown`): 24-bit, or 32-bit BGRX with an all-zero
 * fourth byte, as most 32-bit writers produce.
 */
export function bmpBytes(rgb: Buffer, width: number, height: number, bitsPerPixel: 24 | 32, topDown = false): Buffer {
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const offset = 54;
  const out = Buffer.alloc(offset + stride * height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(offset, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(topDown ? -height : height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(bitsPerPixel, 28);
  out.writeUInt32LE(0, 30);
  for (let y = 0; y < height; y++) {
    const row = offset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const source = (y * width + x) * 3;
      const target = row + x * bytesPerPixel;
      out[target] = rgb[source + 2]!;
      out[target + 1] = rgb[source + 1]!;
      out[target + 2] = rgb[source]!;
    }
  }
  return out;
}
