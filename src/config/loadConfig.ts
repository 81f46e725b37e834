import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MlhooksError } from '../errors.js';
import { isPureConfig, readCachedConfig, writeCachedConfig } from './configCache.js';
import type { ProjectLocation } from './findProject.js';
import { jsRunnerOf } from './jsRunner.js';
import type { ResolvedConfig } from './types.js';
import { validateConfig } from './validateConfig.js';

export interface LoadedConfig {
  config: ResolvedConfig;
  /** Where it came from, relative to the project root: `mlhooks.config.mjs`, `package.json#mlhooks`, or null. */
  source: string | null;
  warnings: string[];
  packageJson: Record<string, unknown> | null;
}

const readJson = (file: string, shownAs: string): unknown => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new MlhooksError('E_CONFIG', `${shownAs} could not be read: ${(cause as Error).message}`, {
      cause,
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new MlhooksError('E_CONFIG', `${shownAs} is not valid JSON: ${(cause as Error).message}`, {
      hint: `Fix the syntax of ${shownAs}.`,
      cause,
    });
  }
};

const importConfig = async (file: string, shownAs: string, cacheFile: string | null): Promise<unknown> => {
  const text = cacheFile ? readFileSync(file, 'utf8') : '';
  const cached = cacheFile ? readCachedConfig(cacheFile, file, text) : null;
  if (cached) return cached.raw;
  try {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    const raw = 'default' in mod ? mod.default : mod;
    if (cacheFile && (await isPureConfig(text))) writeCachedConfig(cacheFile, file, text, raw);
    return raw;
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    const missingSelf = error.code === 'ERR_MODULE_NOT_FOUND' && /['"]mlhooks['"]/.test(error.message);
    throw new MlhooksError('E_CONFIG', `${shownAs} failed to load: ${error.message.split('\n')[0]}`, {
      hint: missingSelf
        ? 'mlhooks is not installed in this project (a global install?): drop the `import { defineConfig } from "mlhooks"` line and export a plain object, or use mlhooks.config.json.'
        : `Fix ${shownAs} so that \`node ${basename(file)}\` runs.`,
      cause,
    });
  }
};

/**
 * Loads and validates the config of a project; errors name the file and the field.
 * `cacheFile` (in the git dir) keeps the export of a plain-data config module between runs.
 */
export const loadConfig = async (
  location: ProjectLocation,
  cacheFile: string | null = null,
): Promise<LoadedConfig> => {
  const pkgFile = join(location.root, 'package.json');
  const packageJson = location.hasPackageJson
    ? (readJson(pkgFile, 'package.json') as Record<string, unknown>)
    : null;
  let raw: unknown = {};
  let source: string | null = null;
  if (location.configFile) {
    source = relative(location.root, location.configFile);
    raw = location.configFile.endsWith('.json')
      ? readJson(location.configFile, source)
      : await importConfig(location.configFile, source, cacheFile);
  } else if (packageJson && packageJson.mlhooks !== undefined) {
    source = 'package.json#mlhooks';
    raw = packageJson.mlhooks;
  }
  const { config, errors, warnings } = validateConfig(raw, {
    file: source ?? '(built-in defaults)',
    jsRunner: jsRunnerOf(packageJson, location.root),
  });
  for (const file of location.ignored)
    warnings.push(`${relative(location.root, file)} is ignored: ${source} is used.`);
  if (!config) {
    throw new MlhooksError('E_CONFIG', `invalid config:\n  ${errors.join('\n  ')}`, {
      hint: 'The config shape is documented in the README ("Configuration").',
    });
  }
  if (source && !source.startsWith('package.json')) config.always.push(source);
  return { config, source, warnings, packageJson };
};
