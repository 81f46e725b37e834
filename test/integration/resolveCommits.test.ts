import { afterEach, describe, expect, it } from 'vitest';
import { resolveCommits } from '../../src/git/resolveCommits.js';
import { makeRepo, type TempRepo } from '../helpers/gitRepo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});

describe('resolveCommits', () => {
  it('gives the commit of each ref from one git process, and names the ref that is not one', () => {
    const r = makeRepo({ 'a.txt': 'a\n' });
    repos.push(r);
    const first = r.git(['rev-parse', 'HEAD']).trim();
    const second = r.commit('second', { 'a.txt': 'b\n' });
    r.git(['tag', '-a', '-m', 'tag', 'v1', first]);
    expect(resolveCommits(r.root, ['v1', 'HEAD'])).toEqual([first, second]);
    // A file named like the ref is not taken for it; a range, an option or an unknown ref is an error that names it.
    r.write({ nope: 'x' });
    expect(() => resolveCommits(r.root, ['HEAD', 'nope'])).toThrow(/"nope" is not a commit/);
    expect(() => resolveCommits(r.root, ['HEAD~1..HEAD', 'HEAD'])).toThrow(/"HEAD~1..HEAD" is not a commit/);
    expect(() => resolveCommits(r.root, ['HEAD', '--all'])).toThrow(/"--all" is not a commit/);
  });
});
