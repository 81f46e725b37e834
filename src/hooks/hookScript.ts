import type { Hook } from '../types.js';

/** Single-quotes a value for sh: the only place a path is written into a shell script. */
export const shQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The line mlhooks puts in a husky hook file. `mlhooks` is found through husky's PATH
 * (node_modules/.bin, relative, so it also works after `cd` into a subfolder project), never npx.
 */
export const hookLine = (hook: Hook, projectDir: string): string =>
  projectDir ? `(cd ${shQuote(projectDir)} && mlhooks run ${hook} "$@")` : `mlhooks run ${hook} "$@"`;

const OURS =
  /^(?:mlhooks run (pre-commit|pre-push|pre-merge-commit) "\$@"|\(cd '(?:[^']|'\\'')*' && mlhooks run (pre-commit|pre-push|pre-merge-commit) "\$@"\))$/;

/** Whether a line of a hook file is one that `mlhooks install` writes. */
export const isOurLine = (line: string): boolean => OURS.test(line.trim());

/** Adds the line unless the file already has it; keeps everything the user wrote. */
export const addHookLine = (content: string | null, line: string): string => {
  if (content === null || content.trim() === '') return `${line}\n`;
  if (content.split('\n').some((existing) => existing.trim() === line)) return content;
  return `${content.endsWith('\n') ? content : `${content}\n`}${line}\n`;
};

/** Removes our lines; `empty` when nothing but blank lines and comments is left. */
export const removeHookLines = (content: string): { content: string; removed: number; empty: boolean } => {
  const lines = content.split('\n');
  const kept = lines.filter((line) => !isOurLine(line));
  const result = kept.join('\n');
  const empty = kept.every((line) => line.trim() === '' || line.trim().startsWith('#'));
  return { content: result, removed: lines.length - kept.length, empty };
};

/** Whether a hook file runs `mlhooks run <hook>` in any form: our line, npx, or a path to the bin. */
export const runsMlhooks = (content: string, hook: Hook): boolean =>
  content
    .split('\n')
    .some(
      (line) =>
        !line.trim().startsWith('#') &&
        new RegExp(`(?:\\bmlhooks|bin\\.c?js)\\s+run\\s+${hook}(?:\\s|$)`).test(line),
    );

/** Whether a hook file calls `mlhooks` as a bare command, which then must be on the hook's PATH. */
export const callsBareMlhooks = (content: string): boolean =>
  content
    .split('\n')
    .some(
      (line) =>
        !line.trim().startsWith('#') && /(?:^|[\s(;&|])mlhooks\s/.test(line) && !/npx\s+mlhooks/.test(line),
    );
