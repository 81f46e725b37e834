import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { FileState } from './fileState.js';

export const MANIFEST_VERSION = 1;

export interface EnvelopeEntry {
  /** Relative to the work tree root, as git prints it. */
  path: string;
  /** The work tree before the run (bytes in `before/<index>` when a file). */
  before: FileState;
  /** The version the tests saw, from the index or the manifest's commit (bytes in `staged/<path>` while hiding). */
  staged: FileState;
}

/** Everything `mlhooks restore` needs, written and synced before the first file is touched. */
export interface Manifest {
  version: number;
  owner: { pid: number; startTime: string | null };
  created: string;
  root: string;
  /** The commit the work tree was made to hold (pre-push); null or absent: the index. */
  commit?: string | null;
  /** Random per run: temp names beside hidden files carry it, so they are ours to remove. */
  token: string;
  entries: EnvelopeEntry[];
  /** Directories created to hold staged files, deepest first: removed again if still empty. */
  createdDirs: string[];
}

export const envelopePaths = (gitDir: string) => {
  const base = join(gitDir, 'mlhooks');
  return {
    base,
    /** Present only between the commit point of a run and the end of its restore. */
    live: join(base, 'envelope'),
    partialPrefix: 'envelope.partial-',
    donePrefix: 'envelope.done-',
    recovered: join(base, 'recovered'),
  };
};

/** Orders entries by path: a folder sorts before everything in it. */
export const byPath = (a: { path: string }, b: { path: string }): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

export const beforeFile = (dir: string, index: number) => join(dir, 'before', String(index));
export const stagedDir = (dir: string) => join(dir, 'staged');
export const tempName = (token: string, index: number) => `.mlhooks-${token}-${index}`;

export const syncFile = (file: string, flags = 'r'): void => {
  const fd = openSync(file, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

export const writeManifest = (dir: string, manifest: Manifest): void => {
  const fd = openSync(join(dir, 'manifest.json'), 'wx');
  try {
    writeSync(fd, `${JSON.stringify(manifest, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

export const readManifest = (dir: string): Manifest => {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.version !== MANIFEST_VERSION || !Array.isArray(manifest.entries))
    throw new Error(`unknown envelope format (version ${String(manifest.version)})`);
  // Restore writes where the manifest says: never outside the work tree, whatever is in the file.
  const escapes = (path: string) => isAbsolute(path) || path.split('/').includes('..');
  const bad = [...manifest.entries.map((entry) => entry.path), ...manifest.createdDirs].find(escapes);
  if (bad !== undefined) throw new Error(`the envelope names a path outside the work tree: ${bad}`);
  return manifest;
};
