import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ImageRecord, Preprocessing } from '@anomaly-zoo/core';
import { createRng } from '@anomaly-zoo/core';
import { makeTempDir, removeDir } from '../test-utils/temp-dir';
import { fileCacheKeys } from './file-cache-keys';

const PRE: Preprocessing = { height: 6, width: 5, channels: 3 };

describe('fileCacheKeys', () => {
  it('hashes the decoding and every byte of each file, files larger than its read buffer included', async () => {
    const dir = makeTempDir();
    try {
      const rng = createRng(3);
      // 2.5 MiB: three reads through the 1 MiB buffer, the last one partial.
      const bytes = Uint8Array.from({ length: 2.5 * 2 ** 20 }, () => Math.floor(rng.next() * 256));
      const big = path.join(dir, 'big.bin');
      const lastByteChanged = path.join(dir, 'changed.bin');
      const small = path.join(dir, 'small.bin');
      fs.writeFileSync(big, bytes);
      fs.writeFileSync(lastByteChanged, Uint8Array.from(bytes, (b, i) => (i === bytes.length - 1 ? b ^ 1 : b)));
      fs.writeFileSync(small, bytes.subarray(0, 100));
      const records: ImageRecord[] = [big, lastByteChanged, small, big].map((p) => ({ path: p, label: 0, defectType: 'good' }));
      const keys = (await fileCacheKeys(records, PRE))!;
      // The documented key: sha256 of `file\0<decoding>\0` and the bytes.
      const decoding = JSON.stringify({ decoder: 'anomaly-zoo/data sharp', ...PRE });
      const expected = (content: Uint8Array): string => createHash('sha256').update(`file\0${decoding}\0`).update(content).digest('hex');
      expect(keys).toEqual([expected(bytes), expected(fs.readFileSync(lastByteChanged)), expected(bytes.subarray(0, 100)), expected(bytes)]);
      expect(new Set(keys).size).toBe(3);
    } finally {
      removeDir(dir);
    }
  });
});
