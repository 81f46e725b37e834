// npm run build: tsdown into a fresh folder, then swapped in for dist/ by renames, so that tests and
// hooks running from dist/ at the same time never see it half built or empty.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, parse } from 'es-module-lexer';

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
// The CLI's chunks are compiled from V8's code cache (src/compileCache.ts), except those that
// import() an ES module: on Node 20 a script made from a code cache cannot. They are marked here,
// found by a real lexer (a comment or a string that says `import(` is no import).
await init();
for (const name of readdirSync(join(root, next))) {
  if (!name.endsWith('.cjs')) continue;
  const file = join(root, next, name);
  let dynamic = true;
  try {
    dynamic = parse(readFileSync(file, 'utf8'))[0].some((entry) => entry.type === 'dynamic');
  } catch {}
  if (dynamic) appendFileSync(file, '\n//# mlhooks-no-code-cache\n');
}
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), join(root, old));
renameSync(join(root, next), join(root, 'dist'));
rmSync(join(root, old), { recursive: true, force: true });
