// Files other processes may read while they are written (caches, extracted binaries, pulled charts): written
// beside their place and renamed into it, so a parallel run never reads half a file.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `data` to `file` whole or not at all, making its folder; `mode` (e.g. 0o755) is set before it appears.
 * A write that fails (a full disk, a folder where the file goes) throws and leaves no partial file behind.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, data);
    if (mode !== undefined) chmodSync(partial, mode);
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}
