// npm run build: tsdown into a fresh folder, then swapped in for dist/ by renames, so that tests and
// hooks running from dist/ at the same time never see it half built or empty.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const next = `dist.next-${process.pid}`;
const old = `dist.old-${process.pid}`;
const tsdown = join(root, 'node_modules', '.bin', 'tsdown');
const result = spawnSync(tsdown, ['--logLevel', 'error'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, MLHOOKS_BUILD_DIR: next },
});
if (result.status !== 0) {
  rmSync(join(root, next), { recursive: true, force: true });
  process.exit(result.status ?? 1);
}
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), join(root, old));
renameSync(join(root, next), join(root, 'dist'));
rmSync(join(root, old), { recursive: true, force: true });
