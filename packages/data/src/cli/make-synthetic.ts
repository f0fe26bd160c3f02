import { UserError } from '@anomaly-zoo/core';
import { DEFECT_KINDS, DefectKind } from '../synthetic/defects';
import { generateSyntheticMvtec, SyntheticMvtecOptions, SyntheticMvtecSummary } from '../synthetic/generate';
import { isSyntheticStyle, SYNTHETIC_STYLES } from '../synthetic/scenes';

export const MAKE_SYNTHETIC_USAGE = `Usage: make-synthetic --out DIR [options]
Writes a seeded synthetic data set in the MVTec AD layout to DIR/CATEGORY.
  --out DIR           data root (required)
  --category NAME     category folder (default synthetic)
  --style STYLE       ${SYNTHETIC_STYLES.join(' | ')} (default texture)
  --size N            image side in pixels (default 128)
  --seed N            random seed (default 0)
  --train N           training images (default 60)
  --test-good N       normal test images (default 20)
  --per-defect N      test images per defect kind (default 10)
  --kinds LIST        comma-separated defect kinds (default ${DEFECT_KINDS.join(',')})`;

const FLAGS = ['out', 'category', 'style', 'size', 'seed', 'train', 'test-good', 'per-defect', 'kinds', 'help'] as const;
type Flag = (typeof FLAGS)[number];

/** Parses `--flag value` / `--flag=value` arguments into generator options; undefined means --help. */
export function parseMakeSyntheticArgs(argv: readonly string[]): SyntheticMvtecOptions | undefined {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const flag = match?.[1] as Flag | undefined;
    if (!match || !FLAGS.includes(flag!)) throw new UserError(`make-synthetic: unknown argument '${arg}' (see --help)`);
    if (flag === 'help') return undefined;
    const value = match[2] ?? argv[++i];
    if (value === undefined || (match[2] === undefined && value.startsWith('--'))) throw new UserError(`make-synthetic: --${flag} needs a value`);
    values.set(flag!, value);
  }
  const out = values.get('out');
  if (out === undefined) throw new UserError('make-synthetic: --out DIR is required');
  const integer = (flag: Flag): number | undefined => {
    const text = values.get(flag);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new UserError(`make-synthetic: --${flag} must be an integer (got '${text}')`);
    return Number(text);
  };
  const style = values.get('style');
  if (style !== undefined && !isSyntheticStyle(style)) throw new UserError(`make-synthetic: --style must be ${SYNTHETIC_STYLES.join(' or ')} (got '${style}')`);
  return {
    root: out,
    category: values.get('category'),
    style,
    size: integer('size'),
    seed: integer('seed') ?? 0,
    trainCount: integer('train'),
    testGoodCount: integer('test-good'),
    defectsPerType: integer('per-defect'),
    kinds: values.get('kinds')?.split(',').map((kind) => kind.trim() as DefectKind),
  };
}

/** The `make-synthetic` command: argv without the node and script paths. */
export async function makeSyntheticMain(argv: string[], log: (line: string) => void = console.log): Promise<SyntheticMvtecSummary | undefined> {
  const options = parseMakeSyntheticArgs(argv);
  if (!options) {
    log(MAKE_SYNTHETIC_USAGE);
    return undefined;
  }
  const started = Date.now();
  const summary = await generateSyntheticMvtec(options);
  const defects = Object.entries(summary.defects).map(([kind, count]) => `${count} ${kind}`).join(', ');
  log(`wrote ${summary.images} images to ${summary.categoryDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  log(`  train/good ${summary.train}, test/good ${summary.testGood}, defects: ${defects || 'none'}`);
  return summary;
}
