import type { Hook } from '../types.js';

/** Single-quotes a value for sh: the only place a path is written into a shell script. */
export const shQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * The line mlhooks puts in a husky hook file. `mlhooks` is found through husky's PATH, never npx:
 * husky puts `node_modules/.bin` first, relative, so after `cd` into a subfolder project that is the
 * project's own; the folders above it are added, as npm does, for a dependency hoisted to the root
 * of a workspace.
 */
export const hookLine = (hook: Hook, projectDir: string): string => {
  if (!projectDir) return `mlhooks run ${hook} "$@"`;
  const depth = projectDir.split('/').length;
  const above = Array.from({ length: depth }, (_, k) => `${'../'.repeat(k + 1)}node_modules/.bin`);
  return `(cd ${shQuote(projectDir)} && PATH="${above.join(':')}:$PATH" mlhooks run ${hook} "$@")`;
};

const OURS =
  /^(?:mlhooks run (pre-commit|pre-push|pre-merge-commit) "\$@"|\(cd '(?:[^']|'\\'')*' && (?:PATH="(?:\.\.\/)+node_modules\/\.bin(?::(?:\.\.\/)+node_modules\/\.bin)*:\$PATH" )?mlhooks run (pre-commit|pre-push|pre-merge-commit) "\$@"\))$/;

/** Whether a line of a hook file is one that `mlhooks install` writes. */
export const isOurLine = (line: string): boolean => OURS.test(line.trim());

/**
 * Adds the line unless the file already has it; keeps everything the user wrote. A line of ours in
 * another form (an older mlhooks, another project folder) is replaced in place, so the hook never
 * runs mlhooks twice.
 */
export const addHookLine = (content: string | null, line: string): string => {
  if (content === null || content.trim() === '') return `${line}\n`;
  const lines = content.split('\n');
  if (lines.some((existing) => existing.trim() === line)) return content;
  const ours = lines.findIndex(isOurLine);
  if (ours >= 0) {
    const kept = lines.filter((existing, k) => k === ours || !isOurLine(existing));
    kept[kept.indexOf(lines[ours]!)] = line;
    return kept.join('\n');
  }
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
