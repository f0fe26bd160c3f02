import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { makeTempDir, removeDir, touch } from '../test-utils/temp-dir';
import { describeSplitCounts, loadMalaria, malariaPatient } from './malaria';

let root: string;
const cell = (folder: string, name: string): string => path.join(root, 'cell_images', folder, name);

// Names in the public set's pattern: <slide+patient>_IMG_<date>_<time>_cell_<n>.png, with the
// variations seen there (thinF / ThinF, an underscore right after the patient, an 'A' slide).
const patients = [...Array.from({ length: 18 }, (_, i) => `C${100 + i}P${61 + i}ThinF`), 'C75P36', 'C51AP12thinF', 'C12NThinF'];

beforeAll(() => {
  root = makeTempDir();
  patients.forEach((patient, p) => {
    for (let i = 0; i < 3 + (p % 4); i++) touch(cell('Uninfected', `${patient}_IMG_20150918_14504${i}_cell_${i * 7}.png`));
    if (p % 3 !== 0) for (let i = 0; i < 2; i++) touch(cell('Parasitized', `${patient}_IMG_20150919_15123${i}_cell_${i}.png`));
  });
  touch(cell('Uninfected', 'Thumbs.db'));
});
afterAll(() => removeDir(root));

const patientsOf = (records: ImageRecord[]): Set<string> => new Set(records.map((r) => malariaPatient(r.path)));
const normals = (records: ImageRecord[]): ImageRecord[] => records.filter((r) => r.label === 0);

describe('malariaPatient', () => {
  it('is the file name before the first underscore, case-folded', () => {
    expect(malariaPatient('/x/C39P4thinF_IMG_20150622_105102_cell_87.png')).toBe('c39p4thinf');
    expect(malariaPatient('C75P36_ThinF_IMG_20150815_163015_cell_14.png')).toBe('c75p36');
    expect(malariaPatient('C58P19ThinF_IMG_1.png')).toBe(malariaPatient('C58P19thinF_IMG_2.png'));
  });
});

describe('loadMalaria', () => {
  it('never puts a patient on two sides of the normal split, for any seed', () => {
    for (let seed = 0; seed < 25; seed++) {
      const split = loadMalaria({ root, seed, validationFraction: 0.15, testFraction: 0.25 });
      const sides = [split.train, normals(split.validation), normals(split.test)].map(patientsOf);
      for (let a = 0; a < 3; a++) {
        for (let b = a + 1; b < 3; b++) {
          const crossing = [...sides[a]!].filter((p) => sides[b]!.has(p));
          expect(crossing).toEqual([]);
        }
      }
      expect(split.validation.length).toBeGreaterThan(0);
      expect(normals(split.test).length).toBeGreaterThan(0);
    }
  });

  it('keeps every Uninfected image once, trains on normals only and sends all Parasitized to test', () => {
    const split = loadMalaria({ root, seed: 3, validationFraction: 0.1, testFraction: 0.2 });
    const uninfected = patients.reduce((n, _, p) => n + 3 + (p % 4), 0);
    const parasitized = patients.filter((_, p) => p % 3 !== 0).length * 2;
    const all = [...split.train, ...split.validation, ...normals(split.test)].map((r) => r.path);
    expect(all).toHaveLength(uninfected);
    expect(new Set(all).size).toBe(uninfected);
    expect(split.train.every((r) => r.label === 0 && r.path.includes('Uninfected'))).toBe(true);
    expect(split.validation.every((r) => r.label === 0)).toBe(true);
    expect(split.test.filter((r) => r.label === 1)).toHaveLength(parasitized);
    // Shares are by image count, rounded up to whole patients.
    expect(split.validation.length).toBeGreaterThanOrEqual(Math.round(0.1 * uninfected));
    expect(normals(split.test).length).toBeGreaterThanOrEqual(Math.round(0.2 * uninfected));
    expect(describeSplitCounts(split)).toMatch(new RegExp(`^train ${split.train.length} \\(0 anomalous, \\d+ groups\\), validation`));
  });

  it('is seeded', () => {
    const options = { root, validationFraction: 0.2, testFraction: 0.2 };
    expect(loadMalaria({ ...options, seed: 1 })).toEqual(loadMalaria({ ...options, seed: 1 }));
    expect(loadMalaria({ ...options, seed: 1 }).train).not.toEqual(loadMalaria({ ...options, seed: 2 }).train);
  });

  it('moves a declared share of Parasitized patients to validation, disjoint from the test ones', () => {
    const split = loadMalaria({ root, seed: 4, validationFraction: 0.1, testFraction: 0.2, anomalousValidationFraction: 0.3 });
    const validationSick = split.validation.filter((r) => r.label === 1);
    const testSick = split.test.filter((r) => r.label === 1);
    expect(validationSick.length).toBeGreaterThanOrEqual(Math.round(0.3 * 24));
    const testPatients = patientsOf(testSick);
    expect([...patientsOf(validationSick)].filter((p) => testPatients.has(p))).toEqual([]);
  });

  it('can leave out Parasitized images of training patients, so no patient crosses train and test', () => {
    const split = loadMalaria({ root, seed: 5, validationFraction: 0.1, testFraction: 0.3, disjointAnomalies: true });
    const trainPatients = patientsOf(split.train);
    expect(split.test.filter((r) => trainPatients.has(malariaPatient(r.path)))).toEqual([]);
    expect(split.notes.join(' ')).toMatch(/\d+ Parasitized images of training patients left out/);
    const loose = loadMalaria({ root, seed: 5, validationFraction: 0.1, testFraction: 0.3 });
    expect(loose.notes.join(' ')).toMatch(/Parasitized test images come from patients with Uninfected training images/);
  });

  it('accepts the cell_images folder itself and names what is missing', () => {
    expect(loadMalaria({ root: path.join(root, 'cell_images'), seed: 1, validationFraction: 0.1, testFraction: 0.2 }).train.length).toBeGreaterThan(0);
    const empty = makeTempDir();
    try {
      touch(path.join(empty, 'cell_images', 'Uninfected', 'a_1.png'));
      expect(() => loadMalaria({ root: empty, seed: 1, validationFraction: 0.1, testFraction: 0.2 })).toThrow(UserError);
      expect(() => loadMalaria({ root: empty, seed: 1, validationFraction: 0.1, testFraction: 0.2 })).toThrow(path.join(empty, 'cell_images', 'Parasitized'));
      expect(() => loadMalaria({ root: path.join(empty, 'nope'), seed: 1, validationFraction: 0.1, testFraction: 0.2 })).toThrow(/nope: malaria data folder not found/);
    } finally {
      removeDir(empty);
    }
  });

  it('refuses a split that would need a patient on two sides', () => {
    const one = makeTempDir();
    try {
      for (const i of [1, 2, 3]) touch(path.join(one, 'Uninfected', `C1P1_cell_${i}.png`));
      touch(path.join(one, 'Parasitized', 'C2P2_cell_1.png'));
      expect(() => loadMalaria({ root: one, seed: 1, validationFraction: 0.1, testFraction: 0.2 })).toThrow(/1 patient\(s\)/);
    } finally {
      removeDir(one);
    }
  });
});
