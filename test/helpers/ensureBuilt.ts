import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

const newest = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );

/** Integration and e2e tests run the built CLI: build it when src is newer (`npm test` builds first anyway). */
export const ensureBuilt = (): void => {
  const bin = join(ROOT, 'dist', 'bin.cjs');
  if (existsSync(bin) && statSync(bin).mtimeMs >= newest(join(ROOT, 'src'))) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
};

export default ensureBuilt;
