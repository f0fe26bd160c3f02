import * as fs from 'fs';
import { UserError } from '@anomaly-zoo/core';

/** Reads a whole image file, turning the usual file-system failures into one-line UserErrors. */
export function readImageFile(filePath: string): Promise<Buffer> {
  return readChecked(filePath, () => fs.promises.readFile(filePath));
}

/**
 * The first `length` bytes of an image file (enough to tell its format), with readImageFile's one-line errors: for
 * a decoder that reads the file itself, which spares a whole-file buffer per image.
 */
export function readImageHead(filePath: string, length = 16): Promise<Uint8Array> {
  return readChecked(filePath, async () => {
    const file = await fs.promises.open(filePath, 'r');
    try {
      const { buffer, bytesRead } = await file.read(new Uint8Array(length), 0, length, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await file.close();
    }
  });
}

/** `read`'s bytes of an image file; a file-system failure or an empty file becomes a one-line UserError. */
async function readChecked<T extends Uint8Array>(filePath: string, read: () => Promise<T>): Promise<T> {
  let bytes: T;
  try {
    bytes = await read();
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
