import { type PushRef, parsePrePushInput, refName } from '../git/parsePrePushInput.js';
import { peelToCommit } from '../git/revisions.js';

/** The refs of one push that point at one commit, with the pre-push input lines that name them. */
export interface PushGroup {
  commit: string;
  /** Branch and tag names, as the user wrote them. */
  names: string[];
  input: string;
}

const lineOf = (ref: PushRef) => `${ref.localRef} ${ref.localSha} ${ref.remoteRef} ${ref.remoteSha}\n`;

/**
 * A push of refs at different commits (`git push origin main feature`, `--all`, `--tags`), grouped
 * by commit: each group's tests run on that commit's content, never on another's. Null for a push
 * of one commit or none, the usual `git push`: then no git runs here. `rootOf` is called only when
 * the refs name more than one object.
 */
export const splitPush = (stdin: string, rootOf: () => string): PushGroup[] | null => {
  const refs = parsePrePushInput(stdin);
  const pushing = refs.filter((ref) => ref.kind !== 'delete');
  if (new Set(pushing.map((ref) => ref.localSha)).size <= 1) return null;
  const root = rootOf();
  const groups = new Map<string, PushGroup>();
  for (const ref of pushing) {
    // A ref that names no commit keeps its own group: the change set says so.
    const commit = peelToCommit(root, ref.localSha) ?? ref.localSha;
    const group = groups.get(commit) ?? { commit, names: [], input: '' };
    group.names.push(refName(ref.localRef));
    group.input += lineOf(ref);
    groups.set(commit, group);
  }
  if (groups.size <= 1) return null;
  const all = [...groups.values()];
  // Deletions check nothing; they ride with the first group so that its report notes them.
  const first = all[0]!;
  first.input =
    refs
      .filter((ref) => ref.kind === 'delete')
      .map(lineOf)
      .join('') + first.input;
  return all;
};
