/** Images held in memory, all of one size: `count` images of height × width × channels bytes (HWC), and one label each. */
export interface RawImages {
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Where they were read from (file names for records and messages). */
  source: string;
}

export function imageBytes(images: RawImages, index: number): Uint8Array {
  const size = images.height * images.width * images.channels;
  return images.pixels.subarray(index * size, (index + 1) * size);
}
