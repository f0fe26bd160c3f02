import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir } from '../test-utils/temp-dir';
import { makeSyntheticMain, parseMakeSyntheticArgs } from './make-synthetic';

describe('parseMakeSyntheticArgs', () => {
  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      parseMakeSyntheticArgs(['--out', 'data', '--size=256', '--seed', '-3', '--category', 'tiles', '--style', 'object', '--train', '5', '--test-good=2', '--per-defect', '1', '--kinds', 'blob,scratch']),
    ).toEqual({
      root: 'data',
      size: 256,
      seed: -3,
      category: 'tiles',
      style: 'object',
      trainCount: 5,
      testGoodCount: 2,
      defectsPerType: 1,
      kinds: ['blob', 'scratch'],
    });
  });

  it('defaults the seed to 0 and leaves the rest to the generator', () => {
    expect(parseMakeSyntheticArgs(['--out', 'd'])).toMatchObject({ root: 'd', seed: 0, size: undefined });
  });

  it.each([
    [[], /--out DIR is required/],
    [['--out'], /--out needs a value/],
    [['--out', 'd', '--size', 'big'], /--size must be an integer/],
    [['--out', 'd', '--style', 'round'], /--style must be texture or object/],
    [['--out', 'd', '--colour', 'red'], /unknown argument '--colour'/],
    [['--out', '--size', '3'], /--out needs a value/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseMakeSyntheticArgs(argv)).toThrow(UserError);
    expect(() => parseMakeSyntheticArgs(argv)).toThrow(message);
  });
});

describe('makeSyntheticMain', () => {
  it('generates a set and reports what it wrote', async () => {
    const dir = makeTempDir();
    try {
      const lines: string[] = [];
      const summary = await makeSyntheticMain(['--out', dir, '--size', '32', '--train', '2', '--test-good', '1', '--per-defect', '1'], (l) => lines.push(l));
      expect(summary?.images).toBe(6);
      expect(lines[0]).toContain(path.join(dir, 'synthetic'));
    } finally {
      removeDir(dir);
    }
  });

  it('prints usage for --help', async () => {
    const lines: string[] = [];
    expect(await makeSyntheticMain(['--help'], (l) => lines.push(l))).toBeUndefined();
    expect(lines.join('\n')).toMatch(/^Usage: make-synthetic/);
  });
});
