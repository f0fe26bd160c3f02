import type { Preprocessing } from '@anomaly-zoo/core';
import { checkPreprocessing, DecodeOptions, openImage, toRawPixels } from './sharp-input';

/**
 * Decodes a ground-truth mask to pre.height × pre.width values of 0 or 1: any non-zero colour
 * channel (after flattening alpha onto black) is 1. Decoded at 16 bits without a grey conversion,
 * so label images holding small values (1, 2, …) and 16-bit masks still count as defect.
 */
export async function decodeMask(filePath: string, pre: Preprocessing, options: DecodeOptions = {}): Promise<Uint8Array> {
  checkPreprocessing(pre);
  const image = await openImage(filePath, options);
  const pipeline = image.autoOrient().flatten({ background: '#000000' }).toColourspace('rgb16');
  const { data, info } = await toRawPixels(filePath, pipeline, 'ushort');
  const values = data.byteOffset % 2 === 0 ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2) : new Uint16Array(Uint8Array.from(data).buffer);
  const binary = binariseChannels(values, info.width * info.height, info.channels);
  return resizeNearest(binary, info.width, info.height, pre.width, pre.height);
}

function binariseChannels(values: Uint16Array, pixels: number, channels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let p = 0, v = 0; p < pixels; p++) {
    let any = 0;
    for (let c = 0; c < channels; c++) any |= values[v++]!;
    out[p] = any !== 0 ? 1 : 0;
  }
  return out;
}

/** Nearest-neighbour resampling at pixel centres, so resized masks stay strictly 0/1. */
export function resizeNearest(source: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
  if (width === toWidth && height === toHeight) return source;
  const out = new Uint8Array(toWidth * toHeight);
  const columns = new Int32Array(toWidth);
  for (let x = 0; x < toWidth; x++) columns[x] = Math.min(width - 1, Math.floor(((x + 0.5) * width) / toWidth));
  for (let y = 0; y < toHeight; y++) {
    const sourceRow = Math.min(height - 1, Math.floor(((y + 0.5) * height) / toHeight)) * width;
    const row = y * toWidth;
    for (let x = 0; x < toWidth; x++) out[row + x] = source[sourceRow + columns[x]!]!;
  }
  return out;
}
