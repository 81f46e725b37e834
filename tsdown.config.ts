import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { bin: 'src/bin.ts', index: 'src/index.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  fixedExtension: false,
  dts: true,
  clean: true,
  // picomatch is small and on the hot path: inlined, it saves the CommonJS loader's file lookups.
  deps: { alwaysBundle: ['picomatch'], onlyBundle: ['picomatch'] },
});
