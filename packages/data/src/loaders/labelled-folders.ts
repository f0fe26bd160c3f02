import * as path from 'path';
import type { ImageRecord } from '@anomaly-zoo/core';
import { UserError } from '@anomaly-zoo/core';
import { listImageFiles, requireDirectory } from '../image-files';
import type { LoadedDataset } from './loaded-dataset';
import { findMask, indexMaskFolder, MaskIndex } from './mask-index';

export interface LabelledFoldersOptions {
  /** Folders of normal images to train on. */
  normal: string[];
  /** Folders of anomalous test images; each folder's name becomes the defect type. */
  abnormal: string[];
  /** Folders of normal test images (never trained on). */
  testNormal?: string[];
  /** Mask folder: `<masks>/<type>/<stem>[_mask].*` or `<masks>/<stem>[_mask].*`. */
  masks?: string;
  /** Include images in sub-folders (default false). */
  recursive?: boolean;
}

/**
 * A generic layout of plain folders: `normal` for training, `testNormal` (label 0) and `abnormal`
 * (label 1) for testing. A folder may appear in one role only, so test images never leak into training.
 */
export function loadLabelledFolders(options: LabelledFoldersOptions): LoadedDataset {
  const testNormal = options.testNormal ?? [];
  if (options.normal.length === 0) throw new UserError('no normal (training) image folders given');
  rejectFoldersInTwoRoles({ normal: options.normal, 'test normal': testNormal, abnormal: options.abnormal });
  const list = (dir: string, role: string): string[] => {
    requireDirectory(dir, role);
    return listImageFiles(dir, { recursive: options.recursive ?? false });
  };

  const train = options.normal.flatMap((dir) => list(dir, 'normal image').map((file): ImageRecord => ({ path: file, label: 0, defectType: 'good' })));
  if (train.length === 0) throw new UserError(`${options.normal.join(', ')}: no images in the normal (training) folders`);

  const test: ImageRecord[] = testNormal.flatMap((dir) =>
    list(dir, 'test normal image').map((file): ImageRecord => ({ path: file, label: 0, defectType: 'good' })),
  );
  const masks = options.masks === undefined ? undefined : new MaskLookup(options.masks);
  const missingMasks: string[] = [];
  for (const dir of options.abnormal) {
    const defectType = path.basename(path.resolve(dir));
    for (const file of list(dir, 'abnormal image')) {
      const record: ImageRecord = { path: file, label: 1, defectType };
      const maskPath = masks?.find(file, defectType);
      if (maskPath) record.maskPath = maskPath;
      else if (masks) missingMasks.push(file);
      test.push(record);
    }
  }
  return { train, test, missingMasks };
}

function rejectFoldersInTwoRoles(roles: Record<string, string[]>): void {
  const roleOf = new Map<string, string>();
  for (const [role, dirs] of Object.entries(roles)) {
    for (const dir of dirs) {
      const key = path.resolve(dir);
      const previous = roleOf.get(key);
      if (previous === role) throw new UserError(`${dir}: folder is listed twice as ${role}`);
      if (previous !== undefined) {
        throw new UserError(`${dir}: folder is listed both as ${previous} and as ${role}; give each folder one role`);
      }
      roleOf.set(key, role);
    }
  }
}

/** Per-type sub-folders first; a flat mask may serve only one image, else stems from two folders collide. */
class MaskLookup {
  private readonly flat: MaskIndex;
  private readonly byType = new Map<string, MaskIndex>();
  private readonly claimedBy = new Map<string, string>();

  constructor(private readonly dir: string) {
    requireDirectory(dir, 'mask');
    this.flat = indexMaskFolder(dir);
  }

  find(imagePath: string, defectType: string): string | undefined {
    let typed = this.byType.get(defectType);
    if (!typed) {
      typed = indexMaskFolder(path.join(this.dir, defectType));
      this.byType.set(defectType, typed);
    }
    const inTypeFolder = findMask(typed, imagePath, true);
    if (inTypeFolder) return inTypeFolder;
    const flat = findMask(this.flat, imagePath, true);
    if (!flat) return undefined;
    const other = this.claimedBy.get(flat);
    if (other !== undefined) {
      throw new UserError(
        `${flat}: mask matches both ${other} and ${imagePath}; put masks in per-defect folders (${path.join(this.dir, '<defect folder name>')})`,
      );
    }
    this.claimedBy.set(flat, imagePath);
    return flat;
  }
}
