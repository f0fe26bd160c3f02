import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { bmpBytes, gradientPixels, rawImage, writeImage } from '../test-utils/images';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { bytesToUnitFloats, decodeImage, decodeImageBytes } from './decode-image';

const W = 16;
const H = 12;
const RGB = { height: H, width: W, channels: 3 as const };
const GREY = { height: H, width: W, channels: 1 as const };

let dir: string;
const source = gradientPixels(W, H);
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = makeTempDir();
});
afterAll(() => removeDir(dir));

function meanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('decodeImage', () => {
  it('returns HWC float32 in [0, 1], exact for a lossless PNG at its own size', async () => {
    const png = await writeImage(file('gradient.png'), rawImage(source, W, H, 3).png());
    const values = await decodeImage(png, RGB);
    expect(values).toBeInstanceOf(Float32Array);
    expect(values.length).toBe(H * W * 3);
    expect(Array.from(values)).toEqual(Array.from(source, (v) => Math.fround(v / 255)));
  });

  it.each([
    ['jpg', (s: ReturnType<typeof rawImage>) => s.jpeg({ quality: 95 }), 4],
    ['JPEG', (s: ReturnType<typeof rawImage>) => s.jpeg({ quality: 95 }), 4],
    ['webp', (s: ReturnType<typeof rawImage>) => s.webp({ quality: 95 }), 6],
    ['gif', (s: ReturnType<typeof rawImage>) => s.gif(), 10],
    ['tiff', (s: ReturnType<typeof rawImage>) => s.tiff(), 4], // sharp's TIFF default is JPEG-compressed
    ['tif', (s: ReturnType<typeof rawImage>) => s.tiff({ compression: 'lzw' }), 0],
  ])('decodes .%s close to the source', async (ext, encode, tolerance) => {
    const image = await writeImage(file(`gradient.${ext}`), encode(rawImage(source, W, H, 3)));
    const bytes = await decodeImageBytes(image, RGB);
    expect(bytes.length).toBe(H * W * 3);
    expect(meanAbsDifference(bytes, source)).toBeLessThanOrEqual(tolerance);
  });

  it('resizes to exactly height × width (fill, aspect ratio not kept)', async () => {
    const big = await writeImage(file('big.png'), rawImage(gradientPixels(40, 30), 40, 30, 3).png());
    const values = await decodeImage(big, { height: 5, width: 9, channels: 3 });
    expect(values.length).toBe(5 * 9 * 3);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    // Red still rises left to right after resizing.
    expect(values[3 * 8]!).toBeGreaterThan(values[0]!);
  });

  it('converts to one luminance channel for channels = 1', async () => {
    const png = await writeImage(file('for-grey.png'), rawImage(source, W, H, 3).png());
    const bytes = await decodeImageBytes(png, GREY);
    expect(bytes.length).toBe(H * W);
    const luma = (i: number): number => 0.2126 * source[i * 3]! + 0.7152 * source[i * 3 + 1]! + 0.0722 * source[i * 3 + 2]!;
    expect(Math.abs(bytes[H * W - 1]! - luma(H * W - 1))).toBeLessThan(8);
  });

  it('expands a grayscale image to three equal channels', async () => {
    const grey = Buffer.from(Array.from({ length: W * H }, (_, i) => i % 256));
    const png = await writeImage(file('grey.png'), rawImage(grey, W, H, 1).png());
    const bytes = await decodeImageBytes(png, RGB);
    for (let p = 0; p < W * H; p++) expect([bytes[p * 3], bytes[p * 3 + 1], bytes[p * 3 + 2]]).toEqual([grey[p], grey[p], grey[p]]);
    expect(Array.from(await decodeImageBytes(png, GREY))).toEqual(Array.from(grey));
  });

  it('flattens alpha onto black', async () => {
    const rgba = Buffer.from([200, 100, 50, 255, 200, 100, 50, 0, 200, 100, 50, 128, 10, 20, 30, 255]);
    const png = await writeImage(file('rgba.png'), rawImage(rgba, 2, 2, 4).png());
    const bytes = Array.from(await decodeImageBytes(png, { height: 2, width: 2, channels: 3 }));
    expect(bytes.slice(0, 3)).toEqual([200, 100, 50]);
    expect(bytes.slice(3, 6)).toEqual([0, 0, 0]);
    bytes.slice(6, 9).forEach((v, c) => expect(Math.abs(v - [100, 50, 25][c]!)).toBeLessThanOrEqual(1));
    expect(bytes.slice(9, 12)).toEqual([10, 20, 30]);
  });

  it('reduces a 16-bit PNG to 8 bits', async () => {
    const sixteen = new Uint16Array(Array.from(source, (v) => v * 257));
    const png = await writeImage(file('sixteen.png'), rawImage(sixteen, W, H, 3).toColourspace('rgb16').png());
    expect((await rawImage(sixteen, W, H, 3).toColourspace('rgb16').png().metadata()).depth).toBe('ushort');
    expect(Array.from(await decodeImageBytes(png, RGB))).toEqual(Array.from(source));
  });

  it('expands a palette PNG to its colours', async () => {
    const png = await writeImage(file('palette.png'), rawImage(Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), 2, 2, 3).png({ palette: true }));
    expect(Array.from(await decodeImageBytes(png, { height: 2, width: 2, channels: 3 }))).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const grey = Buffer.alloc(W * H * 3, 120);
    const jpeg = await writeImage(file('cmyk.jpg'), rawImage(grey, W, H, 3).toColourspace('cmyk').jpeg());
    const bytes = await decodeImageBytes(jpeg, RGB);
    expect(bytes.length).toBe(W * H * 3);
    expect(meanAbsDifference(bytes, grey)).toBeLessThan(20);
  });

  it('reads uncompressed 24-bit and 32-bit BMP, bottom-up and top-down', async () => {
    for (const [bits, topDown] of [[24, false], [32, false], [24, true], [32, true]] as const) {
      const bmp = touch(file(`image-${bits}-${topDown}.bmp`), bmpBytes(source, W, H, bits, topDown));
      expect(Array.from(await decodeImageBytes(bmp, RGB))).toEqual(Array.from(source));
    }
  });
});

describe('bytesToUnitFloats', () => {
  it('gives every byte value v as the float32 of v / 255, written at the offset', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, v) => 255 - v);
    const out = bytesToUnitFloats(bytes, new Float32Array(258).fill(-1), 1);
    expect([out[0], out[257]]).toEqual([-1, -1]);
    for (let i = 0; i < 256; i++) expect(out[1 + i]).toBe(Math.fround((255 - i) / 255));
    expect([out[1], out[256], out[129]]).toEqual([1, 0, Math.fround(127 / 255)]);
  });
});

describe('decodeImage on bad input', () => {
  const expectUserError = async (filePath: string, reason: RegExp, options = {}): Promise<void> => {
    const failure = decodeImage(filePath, RGB, options);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    const message = ((await failure.catch((e: unknown) => e)) as Error).message;
    expect(message).toContain(filePath);
    expect(message).toMatch(reason);
    expect(message).not.toContain('\n');
  };

  it('names a missing file', () => expectUserError(file('nope.png'), /not found/));
  it('names an empty file', () => expectUserError(touch(file('empty.png')), /empty file/));
  it('names a folder', () => {
    fs.mkdirSync(file('folder.png'), { recursive: true });
    return expectUserError(file('folder.png'), /is a folder/);
  });
  it('names a file that is not an image', () => expectUserError(touch(file('text.png'), 'hello, not an image'), /not a supported image/));
  it('names a truncated PNG', async () => {
    const whole = await rawImage(gradientPixels(64, 64), 64, 64, 3).png().toBuffer();
    await expectUserError(touch(file('truncated.png'), whole.subarray(0, whole.length / 2)), /cannot decode/);
  });
  it('names a truncated JPEG', async () => {
    const whole = await rawImage(gradientPixels(64, 64), 64, 64, 3).jpeg().toBuffer();
    await expectUserError(touch(file('truncated.jpg'), whole.subarray(0, whole.length / 2)), /cannot decode/);
  });
  it('names an unsupported BMP', () => {
    const bmp = bmpBytes(source, W, H, 24);
    bmp.writeUInt16LE(8, 28);
    return expectUserError(touch(file('eight-bit.bmp'), bmp), /8-bit/);
  });
  it('names a truncated BMP', () => expectUserError(touch(file('short.bmp'), bmpBytes(source, W, H, 24).subarray(0, 100)), /truncated/));
  it('refuses images over the pixel limit', async () => {
    const png = await writeImage(file('limit.png'), rawImage(source, W, H, 3).png());
    await expectUserError(png, /pixel limit/, { limitInputPixels: 100 });
    await expectUserError(touch(file('limit.bmp'), bmpBytes(source, W, H, 24)), /pixel limit/, { limitInputPixels: 100 });
  });
  it('rejects invalid preprocessing', async () => {
    const png = await writeImage(file('pre.png'), rawImage(source, W, H, 3).png());
    await expect(decodeImage(png, { height: 0, width: 4, channels: 3 })).rejects.toThrow(/height/);
  });
});
