import * as fs from 'fs';
import { UserError } from '@anomaly-zoo/core';

/** Reads a whole image file, turning the usual file-system failures into one-line UserErrors. */
export async function readImageFile(filePath: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(filePath);
  } catch (error) {
    throw new UserError(`${filePath}: ${describeReadFailure(filePath, error as NodeJS.ErrnoException)}`);
  }
  if (bytes.length === 0) throw new UserError(`${filePath}: empty file (0 bytes), not an image`);
  return bytes;
}

function brokenLinkTarget(filePath: string): string | undefined {
  try {
    return fs.lstatSync(filePath).isSymbolicLink() ? fs.readlinkSync(filePath) : undefined;
  } catch {
    return undefined;
  }
}

function describeReadFailure(filePath: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT': {
      const target = brokenLinkTarget(filePath);
      return target === undefined ? 'image file not found' : `broken symbolic link (its target ${target} does not exist)`;
    }
    case 'EISDIR':
      return 'is a folder, expected an image file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied reading the image file';
    default:
      return `cannot read the image file (${error.message})`;
  }
}
