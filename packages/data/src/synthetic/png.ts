import sharp from 'sharp';

/** Compression level 1: synthetic sets are regenerated often and speed matters more than size. */
const PNG_OPTIONS: sharp.PngOptions = { compressionLevel: 1, adaptiveFiltering: false };

export async function writePng(file: string, pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Promise<void> {
  const data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.length);
  await sharp(data, { raw: { width, height, channels } }).png(PNG_OPTIONS).toFile(file);
}

/** A 0/1 mask as an 8-bit grey PNG of 0 and 255 (white = defect), as MVTec stores them. */
export async function writeMaskPng(file: string, mask: Uint8Array, width: number, height: number): Promise<void> {
  const grey = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) grey[i] = mask[i] ? 255 : 0;
  await writePng(file, grey, width, height, 1);
}
