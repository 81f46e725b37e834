import type { MlhooksConfig } from './types.js';

/**
 * Types an mlhooks config. Returns its argument unchanged.
 *
 * @example
 * // mlhooks.config.mjs
 * import { defineConfig } from 'mlhooks';
 * export default defineConfig({
 *   tests: [{ runner: 'pytest', include: ['tests/**\/test_*.py'], slow: { marker: 'slow' } }],
 * });
 */
export const defineConfig = (config: MlhooksConfig): MlhooksConfig => config;
