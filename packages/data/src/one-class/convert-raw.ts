import sharp from 'sharp';
import type { Preprocessing } from '@anomaly-zoo/core';

/**
 * HWC bytes of one size and channel count → the preprocessing's, by the same rules as file
 * decoding (luminance for one channel, grey copied to three, linear resize with fit 'fill').
 */
export async function convertRawPixels(bytes: Uint8Array, from: { height: number; width: number; channels: 1 | 3 }, pre: Preprocessing): Promise<Uint8Array> {
  if (from.height === pre.height && from.width === pre.width && from.channels === pre.channels) return bytes.slice();
  const image = sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { raw: { width: from.width, height: from.height, channels: from.channels } });
  const coloured = pre.channels === 1 ? image.grayscale() : image.toColourspace('srgb');
  const { data, info } = await coloured.resize(pre.width, pre.height, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== pre.channels) throw new Error(`converted to ${info.channels} channels, expected ${pre.channels}`);
  return new Uint8Array(data.buffer, data.byteOffset, data.length);
}
