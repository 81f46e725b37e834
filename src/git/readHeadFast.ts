import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

const read = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/**
 * The commit HEAD points to, read from the git dir's files without starting git: a detached HEAD,
 * a loose ref, or packed-refs (a loose ref wins, as in git). Null for anything else (reftable, an
 * unborn branch, a symbolic ref chain), and callers then ask git.
 */
export const readHeadFast = (gitDir: string): string | null => {
  const head = read(join(gitDir, 'HEAD'))?.trim();
  if (!head) return null;
  if (ID.test(head)) return head;
  const ref = /^ref: (refs\/[^\s]+)$/.exec(head)?.[1];
  if (!ref || ref.split('/').includes('..')) return null;
  const commonRel = read(join(gitDir, 'commondir'))?.trim();
  const common = commonRel ? resolve(gitDir, commonRel) : gitDir;
  for (const dir of new Set([gitDir, common])) {
    const loose = read(join(dir, ref))?.trim();
    if (loose !== undefined) return loose !== null && ID.test(loose) ? loose : null;
  }
  const packed = read(join(common, 'packed-refs'));
  const line = packed?.split('\n').find((l) => l.endsWith(` ${ref}`));
  const id = line?.split(' ')[0];
  return id && ID.test(id) ? id : null;
};
