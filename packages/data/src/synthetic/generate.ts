import * as fs from 'fs';
import * as path from 'path';
import { createRng, quietly, UserError, writeDirAtomic } from '@anomaly-zoo/core';
import { DEFECT_KINDS, DefectKind } from './defects';
import { writeMaskPng, writePng } from './png';
import { renderSample } from './render';
import { isSyntheticStyle, SYNTHETIC_STYLES, SyntheticStyle } from './scenes';

export interface SyntheticMvtecOptions {
  /** The data root; the set is written to `<root>/<category>`. */
  root: string;
  category?: string;
  /** Image side in pixels (square images). */
  size?: number;
  seed: number;
  trainCount?: number;
  testGoodCount?: number;
  defectsPerType?: number;
  kinds?: DefectKind[];
  style?: SyntheticStyle;
}

export interface SyntheticMvtecSummary {
  categoryDir: string;
  train: number;
  testGood: number;
  /** Defect images per kind (each with a mask). */
  defects: Record<string, number>;
  images: number;
}

/** Hidden, so loaders skip it; it marks a folder the generator may replace. */
export const SYNTHETIC_MARKER = '.anomaly-zoo-synthetic.json';

/** PNG encodes in flight at once: enough to keep sharp's pool busy while JS renders the next image. */
const WRITES_IN_FLIGHT = 4;

interface PlannedImage {
  file: string;
  seed: number;
  defect?: DefectKind;
  maskFile?: string;
}

/**
 * The set `options` describe, in `<root>/<category>`: generated (after `announce(categoryDir)`) unless that folder
 * already holds exactly it, as its marker says, so a set is made once and again only when a setting changes.
 * Returns the category folder.
 */
export async function ensureSyntheticMvtec(options: SyntheticMvtecOptions, announce: (categoryDir: string) => void = () => undefined): Promise<string> {
  const settings = withDefaults(options);
  const categoryDir = path.join(settings.root, settings.category);
  const marker = path.join(categoryDir, SYNTHETIC_MARKER);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === markerText(settings)) return categoryDir;
  announce(categoryDir);
  await generateSyntheticMvtec(options);
  return categoryDir;
}

/** What the marker of a generated set holds: every setting but where it was written. */
function markerText(settings: Settings): string {
  return JSON.stringify({ generator: 'anomaly-zoo synthetic MVTec', ...settings, root: undefined }, null, 2) + '\n';
}

/**
 * Writes a seeded synthetic data set in the MVTec AD layout (train/good, test/good, test/<kind>,
 * ground_truth/<kind>/<stem>_mask.png), replacing an earlier generated one at the same place.
 * The same options give byte-identical files.
 */
export async function generateSyntheticMvtec(options: SyntheticMvtecOptions): Promise<SyntheticMvtecSummary> {
  const settings = withDefaults(options);
  const categoryDir = path.join(settings.root, settings.category);
  refuseForeignFolder(categoryDir);

  const plan = planImages(settings);
  await writeDirAtomic(categoryDir, async (dir) => {
    for (const folder of new Set(plan.flatMap((p) => [path.dirname(p.file), ...(p.maskFile ? [path.dirname(p.maskFile)] : [])]))) {
      fs.mkdirSync(path.join(dir, folder), { recursive: true });
    }
    await writeAll(dir, plan, settings);
    fs.writeFileSync(path.join(dir, SYNTHETIC_MARKER), markerText(settings));
  });

  const defects = Object.fromEntries(settings.kinds.map((kind) => [kind, settings.defectsPerType]));
  return { categoryDir, train: settings.trainCount, testGood: settings.testGoodCount, defects, images: plan.length };
}

type Settings = Required<SyntheticMvtecOptions>;

function withDefaults(options: SyntheticMvtecOptions): Settings {
  const settings: Settings = {
    root: options.root,
    category: options.category ?? 'synthetic',
    size: options.size ?? 128,
    seed: options.seed,
    trainCount: options.trainCount ?? 60,
    testGoodCount: options.testGoodCount ?? 20,
    defectsPerType: options.defectsPerType ?? 10,
    kinds: options.kinds ?? [...DEFECT_KINDS],
    style: options.style ?? 'texture',
  };
  const integer = (name: string, value: number, min: number, max: number): void => {
    if (!Number.isInteger(value) || value < min || value > max) throw new UserError(`synthetic data: ${name} must be an integer in [${min}, ${max}] (got ${value})`);
  };
  integer('size', settings.size, 32, 8192);
  integer('seed', settings.seed, -(2 ** 31), 2 ** 31 - 1);
  integer('train count', settings.trainCount, 1, 100000);
  integer('test good count', settings.testGoodCount, 0, 100000);
  integer('defects per type', settings.defectsPerType, 0, 100000);
  if (!isSyntheticStyle(settings.style)) {
    throw new UserError(`synthetic data: style must be ${SYNTHETIC_STYLES.map((s) => `'${s}'`).join(' or ')} (got '${String(settings.style)}')`);
  }
  for (const kind of settings.kinds) {
    if (!DEFECT_KINDS.includes(kind)) throw new UserError(`synthetic data: unknown defect kind '${kind}' (known: ${DEFECT_KINDS.join(', ')})`);
  }
  if (new Set(settings.kinds).size !== settings.kinds.length) throw new UserError(`synthetic data: defect kinds repeat (${settings.kinds.join(', ')})`);
  if (settings.category.length === 0 || settings.category !== path.basename(settings.category) || settings.category.startsWith('.')) {
    throw new UserError(`synthetic data: category '${settings.category}' must be a plain folder name`);
  }
  return settings;
}

function refuseForeignFolder(categoryDir: string): void {
  if (!fs.existsSync(categoryDir)) return;
  const isEmptyDir = fs.statSync(categoryDir).isDirectory() && fs.readdirSync(categoryDir).length === 0;
  if (isEmptyDir || fs.existsSync(path.join(categoryDir, SYNTHETIC_MARKER))) return;
  throw new UserError(`${categoryDir}: exists and was not written by the synthetic generator; choose another output folder or remove it`);
}

/** Seeds are drawn in one fixed order, independent of how writes interleave. */
function planImages(settings: Settings): PlannedImage[] {
  const rng = createRng(settings.seed);
  const plan: PlannedImage[] = [];
  const add = (folder: string, count: number, defect?: DefectKind): void => {
    const width = Math.max(3, String(count - 1).length);
    for (let i = 0; i < count; i++) {
      const stem = String(i).padStart(width, '0');
      const image: PlannedImage = { file: path.join(folder, `${stem}.png`), seed: rng.seed() };
      if (defect) {
        image.defect = defect;
        image.maskFile = path.join('ground_truth', defect, `${stem}_mask.png`);
      }
      plan.push(image);
    }
  };
  add(path.join('train', 'good'), settings.trainCount);
  add(path.join('test', 'good'), settings.testGoodCount);
  for (const kind of settings.kinds) add(path.join('test', kind), settings.defectsPerType, kind);
  return plan;
}

async function writeAll(dir: string, plan: PlannedImage[], settings: Settings): Promise<void> {
  const { size, style } = settings;
  const inFlight = new Set<Promise<void>>();
  try {
    for (const image of plan) {
      // Rendering is synchronous JS; it runs while earlier PNGs encode on sharp's threads.
      const canvas = renderSample({ style, size, seed: image.seed, defect: image.defect });
      const writes = [writePng(path.join(dir, image.file), canvas.pixels, size, size, 3)];
      if (image.maskFile) writes.push(writeMaskPng(path.join(dir, image.maskFile), canvas.mask, size, size));
      const done: Promise<void> = quietly(Promise.all(writes).then(() => void inFlight.delete(done)));
      inFlight.add(done);
      if (inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } catch (error) {
    // Let the other writes settle before the caller removes the folder under them.
    await Promise.allSettled(inFlight);
    throw error;
  }
}
