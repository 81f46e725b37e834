import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrePushInput } from '../../src/git/parsePrePushInput.js';
import { preCommitChangeSet } from '../../src/hooks/preCommit.js';
import { preMergeCommitChangeSet } from '../../src/hooks/preMergeCommit.js';
import { prePushChangeSet } from '../../src/hooks/prePush.js';
import { rangeChangeSet } from '../../src/hooks/range.js';
import { splitPush } from '../../src/hooks/splitPush.js';
import { type TempRepo, useTempRepos } from '../helpers/gitRepo.js';

const ZERO = '0'.repeat(40);
const repo = useTempRepos();

/** A repo with a bare remote, main pushed, so that refs/remotes/origin/main exists. */
const withRemote = () => {
  const remote = repo(undefined, { bare: true });
  const local = repo({ 'a.py': 'a\n', 'b.py': 'b\n' });
  local.git(['remote', 'add', 'origin', remote.root]);
  local.git(['push', '-q', 'origin', 'main']);
  return local;
};
const sha = (r: TempRepo, ref: string) => r.git(['rev-parse', ref]).trim();
const paths = (files: { path: string; status: string }[]) => files.map((f) => `${f.status} ${f.path}`).sort();

describe('pre-commit change set', () => {
  it('lists staged adds, edits, deletes and renames, and nothing unstaged', () => {
    const r = repo({ 'keep.py': 'x\n', 'gone.py': 'y\n', 'old name.py': 'a\n'.repeat(20), 'edit.py': '1\n' });
    r.write({ 'edit.py': '2\n', 'new\nline.py': 'n\n', 'unstaged.py': 'u\n' });
    r.git(['rm', '-q', 'gone.py']);
    r.git(['mv', 'old name.py', 'new-näme.py']);
    r.git(['add', 'edit.py', 'new\nline.py']);
    r.write({ 'keep.py': 'changed but not staged\n' });
    const changes = preCommitChangeSet(r.root);
    expect(changes.files).toEqual(
      expect.arrayContaining([
        { path: 'edit.py', status: 'M' },
        { path: 'gone.py', status: 'D' },
        { path: 'new\nline.py', status: 'A' },
        { path: 'new-näme.py', status: 'R', oldPath: 'old name.py' },
      ]),
    );
    expect(changes.files).toHaveLength(4);
  });

  it('works before the first commit', () => {
    const r = repo();
    r.write({ 'a.py': 'a\n' });
    r.git(['add', 'a.py']);
    expect(preCommitChangeSet(r.root).files).toEqual([{ path: 'a.py', status: 'A' }]);
  });
});

describe('pre-push change set', () => {
  it('an update covers what the pushed commits change since the remote', () => {
    const r = withRemote();
    const before = sha(r, 'origin/main');
    r.commit('edit', { 'a.py': 'a2\n' });
    r.commit('add', { 'c.py': 'c\n' });
    const refs = parsePrePushInput(`refs/heads/main ${sha(r, 'HEAD')} refs/heads/main ${before}\n`);
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(paths(changes.files)).toEqual(['A c.py', 'M a.py']);
    expect(changes.base).toBe(before);
    expect(changes.head).toBe(sha(r, 'HEAD'));
  });

  it('a new branch covers only the commits no remote has', () => {
    const r = withRemote();
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('feature work', { 'b.py': 'b2\n' });
    const refs = parsePrePushInput(`refs/heads/feature ${sha(r, 'HEAD')} refs/heads/feature ${ZERO}\n`);
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(paths(changes.files)).toEqual(['M b.py']);
    expect(changes.base).toBe(sha(r, 'origin/main'));
  });

  it('a new branch whose commits are all on a remote checks nothing', () => {
    const r = withRemote();
    const refs = parsePrePushInput(`refs/heads/copy ${sha(r, 'HEAD')} refs/heads/copy ${ZERO}\n`);
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(changes.files).toEqual([]);
    expect(changes.notes[0]).toMatch(/already on a remote/);
  });

  it('a first push to an empty remote checks the whole history', () => {
    const r = repo({ 'a.py': 'a\n' });
    const refs = parsePrePushInput(`refs/heads/main ${sha(r, 'HEAD')} refs/heads/main ${ZERO}\n`);
    expect(paths(prePushChangeSet(r.root, refs, sha(r, 'HEAD')).files)).toEqual(['A a.py']);
  });

  it('a deleted ref checks nothing', () => {
    const r = withRemote();
    const refs = parsePrePushInput(`(delete) ${ZERO} refs/heads/old ${sha(r, 'HEAD')}\n`);
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(changes.files).toEqual([]);
    expect(changes.notes).toEqual(['refs/heads/old: deleted on the remote, nothing to check']);
  });

  it('a force push covers everything that differs from the remote', () => {
    const r = withRemote();
    const remote = sha(r, 'origin/main');
    r.git(['reset', '-q', '--hard', 'HEAD']);
    r.git(['commit', '-q', '--amend', '--no-verify', '-m', 'rewritten']);
    r.commit('rewrite', { 'b.py': 'rewritten\n' });
    const refs = parsePrePushInput(`refs/heads/main ${sha(r, 'HEAD')} refs/heads/main ${remote}\n`);
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(paths(changes.files)).toEqual(['M b.py']);
    expect(changes.notes[0]).toMatch(/force push/);
  });

  it('a remote id we do not have falls back to commits no remote has', () => {
    const r = withRemote();
    r.commit('more', { 'c.py': 'c\n' });
    const refs = parsePrePushInput(`refs/heads/main ${sha(r, 'HEAD')} refs/heads/main ${'e'.repeat(40)}\n`);
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(paths(changes.files)).toEqual(['A c.py']);
    expect(changes.notes[0]).toMatch(/is not here/);
  });

  it('an annotated tag is peeled to its commit; two refs at once give the union', () => {
    const r = withRemote();
    r.commit('tagged', { 'd.py': 'd\n' });
    r.git(['tag', '-a', 'v1', '-m', 'release']);
    r.git(['checkout', '-q', '-b', 'other', 'origin/main']);
    r.commit('other', { 'e.py': 'e\n' });
    const tag = sha(r, 'v1');
    expect(tag).not.toBe(sha(r, 'v1^{commit}'));
    const refs = parsePrePushInput(
      [
        `refs/tags/v1 ${tag} refs/tags/v1 ${ZERO}`,
        `refs/heads/other ${sha(r, 'HEAD')} refs/heads/other ${ZERO}`,
      ].join('\n'),
    );
    const changes = prePushChangeSet(r.root, refs, sha(r, 'HEAD'));
    expect(paths(changes.files)).toEqual(['A d.py', 'A e.py']);
    // Each pushed ref with its commit (the tag peeled), for the run to test each on its own content.
    expect(changes.pushed).toEqual([
      { name: 'v1', commit: sha(r, 'v1^{commit}'), checkedOut: false },
      { name: 'other', commit: sha(r, 'HEAD'), checkedOut: true },
    ]);
    // Two commits: no one graph to read, the index stands in (a real push is split first).
    expect(changes.head).toBeNull();
  });
});

describe('a push split by commit', () => {
  it('refs at one commit (a branch and its annotated tag) stay one push; different commits split, deletions ride first', () => {
    const r = withRemote();
    r.commit('tagged', { 'd.py': 'd\n' });
    r.git(['tag', '-a', 'v1', '-m', 'release']);
    const line = (ref: string, local: string, remote = ZERO) => `${ref} ${local} ${ref} ${remote}\n`;
    const same = line('refs/heads/main', sha(r, 'HEAD')) + line('refs/tags/v1', sha(r, 'v1'));
    let asked = 0;
    const rootOf = () => {
      asked++;
      return r.root;
    };
    expect(splitPush(same, rootOf)).toBeNull();
    // One object pushed: no git runs at all.
    expect(splitPush(line('refs/heads/main', sha(r, 'HEAD')), rootOf)).toBeNull();
    expect(asked).toBe(1);

    r.git(['checkout', '-q', '-b', 'other', 'HEAD~1']);
    const other = r.commit('other', { 'e.py': 'e\n' });
    const gone = line('refs/heads/old', ZERO, 'f'.repeat(40));
    const groups = splitPush(same + line('refs/heads/other', other) + gone, rootOf);
    expect(groups?.map((group) => [group.commit, group.names])).toEqual([
      [sha(r, 'main'), ['main', 'v1']],
      [other, ['other']],
    ]);
    expect(groups?.[0]?.input).toBe(gone + same);
    expect(groups?.[1]?.input).toBe(line('refs/heads/other', other));
  });
});

describe('pre-merge-commit and range change sets', () => {
  /** main and topic each moved on; topic merged into main, not committed yet. */
  const mergedTopic = () => {
    const r = repo({ 'a.py': 'a\n' });
    r.git(['checkout', '-q', '-b', 'topic']);
    r.commit('topic', { 't.py': 't\n' });
    r.git(['checkout', '-q', 'main']);
    r.commit('main moves', { 'm.py': 'm\n' });
    r.git(['merge', '-q', '--no-ff', '--no-commit', 'topic']);
    return r;
  };

  it('a merge checks what it brings in', () => {
    const r = mergedTopic();
    const changes = preMergeCommitChangeSet(r.root, `${r.root}/.git`);
    expect(paths(changes.files)).toEqual(['A t.py']);
    // The merged index is checked, not topic's tree.
    expect(changes.head).toBeNull();
  });

  it('a clean merge (the hook runs before git writes MERGE_HEAD) checks the merged index, quietly', () => {
    const r = mergedTopic();
    rmSync(join(r.root, '.git/MERGE_HEAD'));
    const byGit = preMergeCommitChangeSet(r.root, `${r.root}/.git`, { GIT_REFLOG_ACTION: 'merge topic' });
    expect(paths(byGit.files)).toEqual(['A t.py']);
    expect(byGit.notes).toEqual([]);
    const byHand = preMergeCommitChangeSet(r.root, `${r.root}/.git`, {});
    expect(byHand.notes).toEqual(['no merge in progress (no MERGE_HEAD): checking the staged change']);
  });

  it('--base compares with the fork point, like a pull request', () => {
    const r = repo({ 'a.py': 'a\n' });
    r.git(['checkout', '-q', '-b', 'topic']);
    r.commit('topic', { 't.py': 't\n' });
    r.git(['checkout', '-q', 'main']);
    r.commit('main moves', { 'm.py': 'm\n' });
    const changes = rangeChangeSet(r.root, 'ci', 'main', 'topic');
    expect(paths(changes.files)).toEqual(['A t.py']);
    expect(() => rangeChangeSet(r.root, 'ci', 'nope')).toThrow(/"nope" is not a commit/);
  });
});
