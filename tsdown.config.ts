import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const common = {
  platform: 'node',
  target: 'node20',
  // scripts/build.mjs builds into a fresh folder and swaps it in; the two builds below share it.
  outDir: process.env.MLHOOKS_BUILD_DIR ?? 'dist',
  clean: false,
  // Runtime dependencies stay in node_modules: they are loaded only on the paths that need them.
  deps: { skipNodeModulesBundle: true },
  define: { __MLHOOKS_VERSION__: JSON.stringify(pkg.version) },
} as const;

export default defineConfig([
  {
    ...common,
    // The CLI in CommonJS: the hook path starts faster without the ES module loader (bench/noop.mjs).
    // What only some runs need (the import graph, the check cache, the other commands) is split
    // into chunks loaded on demand, and heavy dependencies stay in node_modules, imported lazily.
    // parseWorker: the worker thread that scans blobs for a cold import graph.
    // bin and parseWorker only turn the code cache on (src/compileCache.ts) and load launch and
    // parseWorkerMain, which hold the CLI and the worker.
    entry: {
      bin: 'src/bin.ts',
      launch: 'src/launch.ts',
      parseWorker: 'src/selectors/graph/parseWorkerEntry.ts',
      parseWorkerMain: 'src/selectors/graph/parseWorker.ts',
    },
    format: 'cjs',
    fixedExtension: true,
    shims: true,
    dts: false,
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
