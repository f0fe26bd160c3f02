import * as fs from 'fs';
import * as path from 'path';
import sharp from 'sharp';

/** Side of the tiny test images, in pixels. */
export const TINY_SIZE = 16;

/** A seeded, deterministic texture of TINY_SIZE² pixels (RGBA gets an opaque alpha). */
export function texture(seed: number, channels: 1 | 3 | 4 = 3): Buffer {
  const data = Buffer.alloc(TINY_SIZE * TINY_SIZE * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + seed * 101 + ((i * i) % 13)) % 256;
  if (channels === 4) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return data;
}

export async function png(file: string, seed: number, channels: 1 | 3 | 4 = 3): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await sharp(texture(seed, channels), { raw: { width: TINY_SIZE, height: TINY_SIZE, channels } }).png().toFile(file);
}

/** A small MVTec-layout category `<root>/cat`: 12 train/good, 4 test/good, 4 test/scratch with masks. */
export async function makeCategory(root: string): Promise<string> {
  const cat = path.join(root, 'cat');
  for (let i = 0; i < 12; i++) await png(path.join(cat, 'train', 'good', `${String(i).padStart(3, '0')}.png`), i);
  for (let i = 0; i < 4; i++) await png(path.join(cat, 'test', 'good', `${String(i).padStart(3, '0')}.png`), 50 + i);
  for (let i = 0; i < 4; i++) {
    const name = String(i).padStart(3, '0');
    await png(path.join(cat, 'test', 'scratch', `${name}.png`), 90 + i);
    const mask = Buffer.alloc(TINY_SIZE * TINY_SIZE);
    mask.fill(255, 0, TINY_SIZE * 4);
    fs.mkdirSync(path.join(cat, 'ground_truth', 'scratch'), { recursive: true });
    await sharp(mask, { raw: { width: TINY_SIZE, height: TINY_SIZE, channels: 1 } }).png().toFile(path.join(cat, 'ground_truth', 'scratch', `${name}_mask.png`));
  }
  return cat;
}

/**
 * A one-epoch conv-ae run config over `<dataRoot>/cat` (makeCategory). `data`: extra lines for the data block,
 * each indented by two spaces; `tail`: extra top-level sections.
 */
export function tinyRunConfig(dataRoot: string, options: { data?: string; tail?: string } = {}): string {
  return `seed: 1
model:
  name: conv-ae
  channels: [4]
  latent_channels: 2
data:
  format: mvtec
  root: ${dataRoot}
  category: cat
  image_size: ${TINY_SIZE}
${options.data ?? ''}training:
  epochs: 1
  batch_size: 8
${options.tail ?? ''}`;
}
