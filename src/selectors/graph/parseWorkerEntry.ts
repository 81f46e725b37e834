// The parse worker's entry (dist/parseWorker.cjs): the code cache first, then the worker itself
// (parseWorker.ts, dist/parseWorkerMain.cjs), whose bundle is what the cache is for. Not an import:
// the bundler would fold the worker into this file, which is loaded before the cache is on.

import { createRequire } from 'node:module';
import { enableCompileCache } from '../../compileCache.js';

enableCompileCache(__dirname);
createRequire(__filename)('./parseWorkerMain.cjs');
