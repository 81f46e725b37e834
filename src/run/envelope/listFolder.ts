import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What folder `dir` of the work tree holds at any depth, as paths relative to `root`: its folders
 * (each before what it holds) and everything else. Links are listed, not followed; a name that is
 * not valid UTF-8 (it comes back mangled, naming nothing) is listed and not walked into.
 */
export const listFolder = (root: string, dir: string): { dirs: string[]; others: string[] } => {
  const dirs: string[] = [];
  const others: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory() && !entry.name.includes('\uFFFD')) {
        dirs.push(path);
        walk(path);
      } else others.push(path);
    }
  };
  walk(dir);
  return { dirs, others };
};
