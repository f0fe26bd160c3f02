import { UserError } from '@anomaly-zoo/core';

/** Decoded pixels in sharp's raw-input layout: rows top to bottom, RGB or RGBA interleaved. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

const FILE_HEADER_SIZE = 14;
const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;
const STANDARD_MASKS = { red: 0x00ff0000, green: 0x0000ff00, blue: 0x000000ff };
const STANDARD_ALPHA_MASK = 0xff000000;

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d; // "BM"
}

/**
 * A minimal BMP reader (libvips, and so sharp, has none): uncompressed 24-bit and 32-bit only.
 * The fourth byte of 32-bit pixels is used as alpha only when the header declares an alpha mask
 * and some pixel has a non-zero alpha: plain 32-bit BMPs leave that byte at 0 and mean "opaque".
 */
export function decodeBmp(bytes: Buffer, filePath: string, limitInputPixels: number): RawPixels {
  const fail = (reason: string): never => {
    throw new UserError(`${filePath}: ${reason}`);
  };
  if (bytes.length < FILE_HEADER_SIZE + 40) fail('truncated BMP file (header incomplete)');
  const pixelOffset = bytes.readUInt32LE(10);
  const headerSize = bytes.readUInt32LE(14);
  if (headerSize < 40) fail(`unsupported BMP header (${headerSize} bytes; only Windows BMP v3 and later are read)`);
  const width = bytes.readInt32LE(18);
  const signedHeight = bytes.readInt32LE(22);
  const bitsPerPixel = bytes.readUInt16LE(28);
  const compression = bytes.readUInt32LE(30);
  const height = Math.abs(signedHeight);
  const topDown = signedHeight < 0;

  if (bitsPerPixel !== 24 && bitsPerPixel !== 32) {
    fail(`unsupported BMP (${bitsPerPixel}-bit; only uncompressed 24-bit and 32-bit BMP are read, convert it to PNG)`);
  }
  const hasMasks = compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS;
  if (compression !== BI_RGB && !(bitsPerPixel === 32 && hasMasks)) {
    fail(`unsupported compressed BMP (compression type ${compression}; convert it to PNG)`);
  }
  if (width <= 0 || height === 0) fail(`BMP with invalid size ${width}×${signedHeight}`);
  if (width * height > limitInputPixels) fail(`image of ${width}×${height} pixels exceeds the pixel limit (${limitInputPixels})`);

  let alphaMask = 0;
  if (hasMasks) {
    if (bytes.length < FILE_HEADER_SIZE + 52) fail('truncated BMP file (colour masks missing)');
    const red = bytes.readUInt32LE(54);
    const green = bytes.readUInt32LE(58);
    const blue = bytes.readUInt32LE(62);
    if (red !== STANDARD_MASKS.red || green !== STANDARD_MASKS.green || blue !== STANDARD_MASKS.blue) {
      fail('unsupported BMP colour masks (only 8 bits per channel in BGRA order are read; convert it to PNG)');
    }
  }
  if (bitsPerPixel === 32 && (headerSize >= 56 || compression === BI_ALPHABITFIELDS) && bytes.length >= FILE_HEADER_SIZE + 56) {
    alphaMask = bytes.readUInt32LE(66);
  }

  const bytesPerPixel = bitsPerPixel / 8;
  const rowStride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  if (pixelOffset + rowStride * (height - 1) + width * bytesPerPixel > bytes.length) fail('truncated BMP file (pixel data incomplete)');

  const useAlpha = alphaMask === STANDARD_ALPHA_MASK && anyNonZeroAlpha(bytes, pixelOffset, rowStride, width, height);
  const channels = useAlpha ? 4 : 3;
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    const sourceRow = pixelOffset + (topDown ? y : height - 1 - y) * rowStride;
    let out = y * width * channels;
    for (let x = 0; x < width; x++) {
      const p = sourceRow + x * bytesPerPixel;
      data[out++] = bytes[p + 2]!;
      data[out++] = bytes[p + 1]!;
      data[out++] = bytes[p]!;
      if (useAlpha) data[out++] = bytes[p + 3]!;
    }
  }
  return { data, width, height, channels };
}

function anyNonZeroAlpha(bytes: Buffer, pixelOffset: number, rowStride: number, width: number, height: number): boolean {
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + y * rowStride;
    for (let x = 0; x < width; x++) if (bytes[row + x * 4 + 3] !== 0) return true;
  }
  return false;
}
