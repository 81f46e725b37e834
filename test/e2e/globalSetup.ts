import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../helpers/cli.js';
import { ensureBuilt } from '../helpers/ensureBuilt.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory where the packed mlhooks tarball was npm-installed, once per run. */
    mlhooksInstall: string;
  }
}

const devVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies[name]!;

// Pack the package and install the tarball once; every e2e repo then links to that install.
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'mlhooks-e2e-'));
  const env = {
    ...process.env,
    npm_config_loglevel: 'error',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  ensureBuilt();
  // --ignore-scripts: dist is fresh, and prepare would also run husky on this repository.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    }),
  ) as { filename: string }[];
  const install = join(dir, 'install');
  mkdirSync(install);
  writeFileSync(join(install, 'package.json'), '{ "name": "e2e-install", "private": true }\n');
  // With TensorFlow.js, as an ML repo would have it: the demo's model checks use mlhooks/checks.
  const tfjs = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'].map(
    (name) => `${name}@${devVersion(name)}`,
  );
  execFileSync(
    'npm',
    ['install', '--prefer-offline', '--no-package-lock', join(dir, packed[0]!.filename), ...tfjs],
    {
      cwd: install,
      env,
      stdio: 'ignore',
    },
  );
  project.provide('mlhooksInstall', install);
  return () => rmSync(dir, { recursive: true, force: true });
}
