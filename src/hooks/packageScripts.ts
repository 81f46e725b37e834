import { readFileSync, writeFileSync } from 'node:fs';

export const PREPARE_COMMAND = 'mlhooks install --prepare';

interface PackageFile {
  data: Record<string, unknown>;
  indent: string;
  newline: boolean;
}

const read = (file: string): PackageFile => {
  const text = readFileSync(file, 'utf8');
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  return { data: JSON.parse(text) as Record<string, unknown>, indent, newline: text.endsWith('\n') };
};

const write = (file: string, pkg: PackageFile) =>
  writeFileSync(file, JSON.stringify(pkg.data, null, pkg.indent) + (pkg.newline ? '\n' : ''));

/** Makes `npm install` set the hooks up for everyone who clones the repo; returns the value before. */
export const addPrepareScript = (file: string): { changed: boolean; before: string | null } => {
  const pkg = read(file);
  const scripts = (pkg.data.scripts ?? {}) as Record<string, string>;
  const before = typeof scripts.prepare === 'string' ? scripts.prepare : null;
  if (before?.includes('mlhooks install')) return { changed: false, before };
  scripts.prepare = before ? `${before} && ${PREPARE_COMMAND}` : PREPARE_COMMAND;
  pkg.data.scripts = scripts;
  write(file, pkg);
  return { changed: true, before };
};

/** Puts the prepare script back as it was (or takes our part out of it). */
export const removePrepareScript = (file: string, before: string | null | undefined): boolean => {
  const pkg = read(file);
  const scripts = pkg.data.scripts as Record<string, string> | undefined;
  const current = scripts?.prepare;
  if (!scripts || typeof current !== 'string' || !current.includes(PREPARE_COMMAND)) return false;
  const stripped = current === PREPARE_COMMAND ? null : current.replace(` && ${PREPARE_COMMAND}`, '');
  const next = before !== undefined && stripped === before ? before : stripped;
  if (next === null) delete scripts.prepare;
  else scripts.prepare = next;
  write(file, pkg);
  return true;
};
