import { MlhooksError } from '../errors.js';

export type PushKind = 'delete' | 'new' | 'update';

export interface PushRef {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
  kind: PushKind;
}

const objectId = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** A pushed ref as the user names it: `main`, `v1`; the full ref for anything else. */
export const refName = (ref: string): string => ref.replace(/^refs\/(heads|tags)\//, '');

/** All-zero object ids: SHA-1 (40) and SHA-256 (64). */
export const isZeroId = (id: string): boolean => objectId.test(id) && /^0+$/.test(id);

/**
 * Parses what git writes to a pre-push hook's stdin, one line per ref:
 * `<local ref> SP <local sha> SP <remote ref> SP <remote sha> LF`.
 */
export const parsePrePushInput = (input: string): PushRef[] =>
  input
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const fields = line.trim().split(/\s+/);
      const [localRef, localSha, remoteRef, remoteSha] = fields;
      if (
        fields.length !== 4 ||
        localRef === undefined ||
        remoteRef === undefined ||
        localSha === undefined ||
        remoteSha === undefined ||
        !objectId.test(localSha) ||
        !objectId.test(remoteSha)
      ) {
        throw new MlhooksError(
          'E_PRE_PUSH_INPUT',
          `pre-push input line ${index + 1} is not "<local ref> <sha> <remote ref> <sha>": ${JSON.stringify(line)}`,
          {
            hint: 'mlhooks run pre-push reads the lines git writes to the hook. To try a push range by hand, use `mlhooks run pre-push --base <ref>`.',
          },
        );
      }
      const kind: PushKind = isZeroId(localSha) ? 'delete' : isZeroId(remoteSha) ? 'new' : 'update';
      return { localRef, localSha, remoteRef, remoteSha, kind };
    });
