#!/usr/bin/env node
import { createRequire } from 'node:module';
import { enableCompileCache, saveCompileCache } from './compileCache.js';

// The code cache first, then the CLI (launch.ts), whose bundle is what the cache is for. Not an
// import: the bundler would fold the CLI into this file, which is loaded before the cache is on.
enableCompileCache(__dirname);
process.once('exit', saveCompileCache);
createRequire(__filename)('./launch.cjs');
