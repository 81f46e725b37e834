import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { indexChecksum } from '../../../src/git/indexChecksum.js';
import { listIndexBlobs, listTreeBlobs } from '../../../src/git/listBlobs.js';
import { readBlobs } from '../../../src/git/readBlobs.js';
import { readHeadFast } from '../../../src/git/readHeadFast.js';
import { makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';

const repos: TempRepo[] = [];
const repo = (files: Record<string, string>) => {
  const r = makeRepo(files);
  repos.push(r);
  return r;
};
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});

describe('reading git state for the graph', () => {
  it('reads HEAD from the git dir as git does: loose ref, packed ref, detached', () => {
    const r = repo({ 'a.txt': 'a\n' });
    const gitDir = join(r.root, '.git');
    const head = () => r.git(['rev-parse', 'HEAD']).trim();
    expect(readHeadFast(gitDir)).toBe(head());
    r.git(['pack-refs', '--all']);
    expect(readHeadFast(gitDir)).toBe(head());
    r.commit('second', { 'a.txt': 'b\n' });
    expect(readHeadFast(gitDir)).toBe(head()); // a loose ref newer than the packed one wins
    r.git(['checkout', '-q', '--detach', 'HEAD~1']);
    expect(readHeadFast(gitDir)).toBe(head());
  });

  it('changes the index checksum with what is staged, and reads the index git uses (GIT_INDEX_FILE)', () => {
    const r = repo({ 'a.txt': 'a\n' });
    const gitDir = join(r.root, '.git');
    const before = indexChecksum(gitDir, r.root, {});
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    // A partial commit's temporary index: its own checksum, not .git/index's.
    const other = join(gitDir, 'next-index-1.lock');
    copyFileSync(join(gitDir, 'index'), other);
    r.write({ 'a.txt': 'changed\n' });
    r.git(['add', 'a.txt']);
    const after = indexChecksum(gitDir, r.root, {});
    expect(after).not.toBe(before);
    expect(indexChecksum(gitDir, r.root, { GIT_INDEX_FILE: other })).toBe(before);
    // git sets a relative one in a plain `git commit` hook; it is relative to the work tree's top.
    expect(indexChecksum(gitDir, r.root, { GIT_INDEX_FILE: '.git/index' })).toBe(after);
    expect(indexChecksum(gitDir, r.root, { GIT_INDEX_FILE: join(gitDir, 'gone.lock') })).toBeNull();
  });

  it('lists blob ids of the index and of a commit, and streams their staged content', async () => {
    const r = repo({ 'src/a.ts': 'export const a = 1;\n', 'b.bin': '\u0000\u0001' });
    r.write({ 'src/a.ts': 'export const a = 2;\n' });
    r.git(['add', '-A']);
    r.write({ 'src/a.ts': 'work tree only\n' });
    const staged = listIndexBlobs(r.root);
    const committed = listTreeBlobs(r.root, 'HEAD');
    expect(staged.map((e) => e.path)).toEqual(['b.bin', 'src/a.ts']);
    expect(staged.find((e) => e.path === 'src/a.ts')!.id).not.toBe(
      committed.find((e) => e.path === 'src/a.ts')!.id,
    );
    const contents = new Map<string, string>();
    await readBlobs(
      r.root,
      staged.map((e) => e.id),
      (id, content) => contents.set(id, content.toString('latin1')),
    );
    expect(contents.get(staged.find((e) => e.path === 'src/a.ts')!.id)).toBe('export const a = 2;\n');
    expect(contents.get(staged.find((e) => e.path === 'b.bin')!.id)).toBe('\u0000\u0001');
  });

  it('hands every blob once when many are read by two git processes', async () => {
    const files = Object.fromEntries(Array.from({ length: 2100 }, (_, i) => [`f/${i}.txt`, `${i}\n`]));
    const r = repo(files);
    const entries = listIndexBlobs(r.root);
    const seen = new Map<string, string>();
    await readBlobs(
      r.root,
      entries.map((e) => e.id),
      (id, content) => {
        expect(seen.has(id)).toBe(false);
        seen.set(id, content.toString());
      },
    );
    expect(seen.size).toBe(2100);
    expect(entries.every((e) => seen.get(e.id) === files[e.path])).toBe(true);
  });

  it("gives git its input as a file, which it reads without waiting on this thread's event loop", async () => {
    // Through a pipe, git is fed only when the event loop turns, which it does not while blobs are
    // parsed: git would stop half way for more input. A git on PATH that refuses any stdin but a
    // file (and is real git otherwise) tells how it was fed.
    const files = Object.fromEntries(Array.from({ length: 2100 }, (_, i) => [`f/${i}.txt`, `${i}\n`]));
    const r = repo(files);
    const bin = tempDir('mlhooks-fake-git-');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(
      join(bin, 'git'),
      `#!/bin/sh\n[ -f /dev/stdin ] || { echo "stdin is no file" >&2; exit 3; }\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(join(bin, 'git'), 0o755);
    const ids = listIndexBlobs(r.root).map((e) => e.id);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    const seen = new Set<string>();
    try {
      await readBlobs(r.root, ids, (id) => seen.add(id));
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
    expect(seen.size).toBe(2100);
  });
});
