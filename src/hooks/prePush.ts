import { getRangeChanges } from '../git/getDiff.js';
import { isShallow } from '../git/isShallow.js';
import { type PushRef, refName } from '../git/parsePrePushInput.js';
import { commitsNotOnRemotes, emptyTree, hasObject, isAncestor, peelToCommit } from '../git/revisions.js';
import type { ChangeSet, FileChange, PushedRef } from '../types.js';

interface RefChange {
  files: FileChange[];
  base: string | null;
  note?: string;
}

const short = (id: string) => id.slice(0, 12);

/** Files changed by the commits of `head` that no remote has yet. */
const newCommitChanges = (root: string, head: string, what: string): RefChange => {
  const { commits, boundaries } = commitsNotOnRemotes(root, head);
  if (commits.length === 0)
    return { files: [], base: null, note: `${what}: every commit is already on a remote` };
  if (boundaries.length === 0) {
    return {
      files: getRangeChanges(root, emptyTree(root), head),
      base: null,
      note: isShallow(root)
        ? `${what}: this clone is shallow, so which of its commits a remote has cannot be told; checking all of it`
        : `${what}: no commit of it is on a remote yet, checking all of it`,
    };
  }
  // Several boundaries (a merge of remote work): the union of the diffs, so nothing is missed.
  const files = boundaries.flatMap((boundary) => getRangeChanges(root, boundary, head));
  return { files, base: boundaries[0] ?? null };
};

/** `head`: the pushed commit, null for a deletion or an object that is no commit. */
const refChange = (root: string, ref: PushRef, head: string | null): RefChange => {
  const name = refName(ref.localRef);
  if (ref.kind === 'delete')
    return { files: [], base: null, note: `${ref.remoteRef}: deleted on the remote, nothing to check` };
  if (!head)
    return {
      files: [],
      base: null,
      note: `${name}: points at ${short(ref.localSha)}, which is not a commit; nothing to check`,
    };
  if (ref.kind === 'new') return newCommitChanges(root, head, `${name} (new on the remote)`);
  const remote = hasObject(root, ref.remoteSha) ? peelToCommit(root, ref.remoteSha) : null;
  if (!remote) {
    const found = newCommitChanges(root, head, name);
    return {
      ...found,
      note: `${name}: the remote's ${short(ref.remoteSha)} is not here (fetch to compare exactly); checking the commits no remote has`,
    };
  }
  const force = !isAncestor(root, remote, head);
  return {
    files: getRangeChanges(root, remote, head),
    base: remote,
    note: force
      ? `${name}: force push, checking everything that differs from the remote's ${short(remote)}`
      : undefined,
  };
};

/** pre-push: the union of what every pushed ref changes on the remote. */
export const prePushChangeSet = (
  root: string,
  refs: readonly PushRef[],
  headCommit: string | null,
): ChangeSet => {
  const byPath = new Map<string, FileChange>();
  const notes: string[] = [];
  const bases = new Set<string>();
  const pushed: PushedRef[] = [];
  const heads = new Set<string>();
  for (const ref of refs) {
    const commit = ref.kind === 'delete' ? null : peelToCommit(root, ref.localSha);
    if (commit) heads.add(commit);
    const change = refChange(root, ref, commit);
    if (change.note) notes.push(change.note);
    if (change.base) bases.add(change.base);
    for (const file of change.files) if (!byPath.has(file.path)) byPath.set(file.path, file);
    if (commit && change.files.length > 0)
      pushed.push({
        name: refName(ref.localRef),
        commit,
        checkedOut: commit === headCommit,
      });
  }
  if (refs.length === 0) notes.push('nothing is being pushed');
  return {
    stage: 'pre-push',
    base: bases.size === 1 ? [...bases][0]! : null,
    // The graph is read from the pushed commit; refs at several commits (which `mlhooks run` splits
    // into one run each) fall back to the index.
    head: heads.size === 1 ? [...heads][0]! : null,
    files: [...byPath.values()],
    notes,
    pushed,
  };
};
