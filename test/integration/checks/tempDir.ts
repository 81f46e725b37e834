import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

const kept: string[] = [];
afterAll(() => {
  while (kept.length) rmSync(kept.pop()!, { recursive: true, force: true });
});

/** A temp folder, removed after the test. */
export const tempDir = Object.assign(
  (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'mlhooks-checks-'));
    dirs.push(dir);
    return dir;
  },
  {
    /** A temp folder kept for the whole file (for beforeAll), removed after it. */
    persistent: (): string => {
      const dir = mkdtempSync(join(tmpdir(), 'mlhooks-checks-'));
      kept.push(dir);
      return dir;
    },
  },
);
