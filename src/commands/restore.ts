import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MlhooksError } from '../errors.js';
import { tryGit } from '../git/execGit.js';
import { locateRepo } from '../project.js';
import { createColors, plural } from '../report/format.js';
import type { Out } from '../report/terminal.js';
import { cleanStale } from '../run/envelope/cleanStale.js';
import { findLeftover, leftoverError } from '../run/envelope/findLeftover.js';
import { envelopePaths } from '../run/envelope/manifest.js';
import { restoreEnvelope } from '../run/envelope/restoreEnvelope.js';
import { killTagged, ownerPrefix } from '../run/taggedProcesses.js';

const LINT_STAGED_STASH = 'lint-staged automatic backup';

/** lint-staged's own leftovers (it may run in the same hook): pointed at, never applied blindly. */
const lintStagedLeftovers = (root: string, gitDir: string): string[] => {
  const notes: string[] = [];
  const stashes = tryGit(['stash', 'list', '-z', '--format=%gd %gs %s'], root)
    .stdout.split('\0')
    .filter((line) => line.includes(LINT_STAGED_STASH))
    .map((line) => line.split(' ')[0]);
  for (const stash of stashes)
    notes.push(
      `${stash} is a "${LINT_STAGED_STASH}" (lint-staged's, not mlhooks'): if it holds work you miss, \`git stash apply --index ${stash}\``,
    );
  if (existsSync(join(gitDir, 'lint-staged_unstaged.patch')))
    notes.push(`${join(gitDir, 'lint-staged_unstaged.patch')} is a patch lint-staged left behind`);
  return notes;
};

/** `mlhooks restore`: puts back what an interrupted run hid. Safe to run twice, or with nothing to do. */
export const restoreCommand = async ({
  cwd,
  out,
  color,
}: {
  cwd: string;
  out: Out;
  color: boolean;
}): Promise<number> => {
  const c = createColors(color);
  const line = (text: string) => out.write(`${text}\n`);
  const { repo } = locateRepo(cwd);
  const leftover = findLeftover(repo.gitDir);
  let status = 0;
  if (!leftover) {
    cleanStale(envelopePaths(repo.gitDir));
    line(`${c.green('✔')} nothing to restore: no interrupted mlhooks run in ${repo.root}`);
  } else if (leftover.alive) {
    throw leftoverError(leftover);
  } else if (!leftover.manifest) {
    throw new MlhooksError(
      'E_ENVELOPE',
      `the record of the interrupted run in ${leftover.dir} cannot be read: ${leftover.problem}.`,
      {
        hint: `Your files from before the run are in ${join(leftover.dir, 'before')} (numbered) and the staged versions in ${join(leftover.dir, 'staged')}; please report this.`,
      },
    );
  } else {
    const { owner } = leftover.manifest;
    // Its tests may still run (only mlhooks itself was killed): stop them before touching files.
    const stopped = killTagged((tag) => tag.startsWith(ownerPrefix(owner.pid, owner.startTime)));
    if (stopped > 0)
      line(
        `${c.yellow('!')} stopped ${plural(stopped, 'process', 'processes')} the interrupted run left running`,
      );
    const result = restoreEnvelope(repo.root, leftover.dir);
    line(
      `${c.green('✔')} restored ${plural(result.restored.length, 'file')} hidden by the mlhooks run interrupted at ${result.owner.created} (pid ${result.owner.pid})`,
    );
    for (const path of result.restored) line(c.dim(`  ${path}`));
    for (const kept of result.kept) {
      status = 1;
      line(
        `${c.yellow('!')} ${kept.path} changed after mlhooks hid it: it holds ${kept.now} now, left as it is${kept.savedAt ? `;\n    your version from before the run is saved at ${kept.savedAt}` : ''}`,
      );
    }
  }
  for (const note of lintStagedLeftovers(repo.root, repo.gitDir)) line(`${c.yellow('!')} ${note}`);
  return status;
};
