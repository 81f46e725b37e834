// Cheap enough for the no-op commit path: nothing imported but a regex from configFiles.ts.

import { RESOLUTION_CONFIG } from './configFiles.js';

const CODE = /\.(?:[mc]?[jt]sx?|vue|svelte|astro|pyi?|ipynb|json|ya?ml|toml)$/;

/**
 * Whether a changed path can change the graph by itself: code (anything importable, JSON included,
 * conftest.py too), YAML and TOML configs (their values name data) and the configs resolution reads. Any other file (data, weights, docs) matters
 * only if some code names it, which the side index of literal targets answers.
 */
export const isGraphInput = (path: string): boolean => CODE.test(path) || RESOLUTION_CONFIG.test(path);
