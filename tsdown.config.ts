import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const common = {
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  // `npm run build` empties dist first; the two builds below share it.
  clean: false,
  // Runtime dependencies stay in node_modules: they are loaded only on the paths that need them.
  deps: { skipNodeModulesBundle: true },
  define: { __MLHOOKS_VERSION__: JSON.stringify(pkg.version) },
} as const;

export default defineConfig([
  {
    ...common,
    // The CLI, as one CommonJS file: the hook path starts faster without the ES module loader and
    // with one module instead of a chain of chunks (bench/noop.mjs). Heavy dependencies stay lazy.
    entry: { bin: 'src/bin.ts' },
    format: 'cjs',
    fixedExtension: true,
    shims: true,
    dts: false,
    outputOptions: { codeSplitting: false },
  },
  {
    ...common,
    // The library: `mlhooks` (defineConfig and types) and `mlhooks/checks`.
    // checkWorker: the process that runs one model's checks (it shares checks.js with user modules).
    entry: { index: 'src/index.ts', checks: 'src/checks/index.ts', checkWorker: 'src/run/checkWorker.ts' },
    format: 'esm',
    fixedExtension: false,
    dts: true,
  },
]);
