import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MlhooksError } from '../errors.js';
import { isProcessAlive } from '../run/processIdentity.js';
import { isPureConfig, readCachedConfig, writeCachedConfig } from './configCache.js';
import type { StateConfig } from './configInState.js';
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

/** The text of a file of the project root: the state's, or the work tree's. */
const readText = (file: string, shownAs: string, state: StateConfig | null): string => {
  const inState = state?.files.get(basename(file));
  if (inState) return inState.text;
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new MlhooksError('E_CONFIG', `${shownAs} could not be read: ${(cause as Error).message}`, {
      cause,
    });
  }
};

const readJson = (file: string, shownAs: string, state: StateConfig | null): unknown => {
  const text = readText(file, shownAs, state);
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new MlhooksError('E_CONFIG', `${shownAs} is not valid JSON: ${(cause as Error).message}`, {
      hint: `Fix the syntax of ${basename(file)}${state ? `, then ${state.fixBy}` : ''}.`,
      cause,
    });
  }
};

/**
 * Removes the copies (`importText`) that a run killed outright left beside `file`: those whose
 * process is gone. A live one is another run's, in use.
 */
const removeStaleCopies = (file: string, ext: string) => {
  const dir = dirname(file);
  const prefix = `.${basename(file, ext)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(ext)) continue;
    const pid = /^[0-9a-f]{12}-(\d+)$/.exec(name.slice(prefix.length, name.length - ext.length))?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && !isProcessAlive(Number(pid), null))
      rmSync(join(dir, name), { force: true });
  }
};

/**
 * Imports the state's text of a config module from a hidden file beside the work tree's (so that its
 * relative imports and `mlhooks` resolve as they would), which is gone again when this returns.
 */
const importText = async (file: string, id: string, text: string): Promise<unknown> => {
  const ext = extname(file);
  const copy = join(dirname(file), `.${basename(file, ext)}.${id.slice(0, 12)}-${process.pid}${ext}`);
  const remove = () => rmSync(copy, { force: true });
  // Nothing can remove a copy when its run is killed with SIGKILL: the next run that makes one does.
  removeStaleCopies(file, ext);
  // A config that exits the process while it loads leaves nothing behind either.
  process.on('exit', remove);
  try {
    writeFileSync(copy, text);
    return await (await import('../esmImport.js')).esmImport(pathToFileURL(copy).href);
  } catch (error) {
    // Name the file the user knows, not the copy.
    if (error instanceof Error) error.message = error.message.split(copy).join(file);
    throw error;
  } finally {
    process.off('exit', remove);
    remove();
  }
};

const importConfig = async (
  file: string,
  shownAs: string,
  cacheFile: string | null,
  state: StateConfig | null,
): Promise<unknown> => {
  const inState = state?.files.get(basename(file));
  const text = inState ? inState.text : cacheFile ? readFileSync(file, 'utf8') : '';
  const cached = cacheFile ? readCachedConfig(cacheFile, file, text) : null;
  if (cached) return cached.raw;
  try {
    const mod = (
      inState
        ? await importText(file, inState.id, text)
        : await (await import('../esmImport.js')).esmImport(pathToFileURL(file).href)
    ) as { default?: unknown };
    const raw = 'default' in mod ? mod.default : mod;
    if (cacheFile && (await isPureConfig(text))) writeCachedConfig(cacheFile, file, text, raw);
    return raw;
  } catch (cause) {
    const error = cause as NodeJS.ErrnoException;
    const missingSelf = error.code === 'ERR_MODULE_NOT_FOUND' && /['"]mlhooks['"]/.test(error.message);
    throw new MlhooksError('E_CONFIG', `${shownAs} failed to load: ${error.message.split('\n')[0]}`, {
      hint: missingSelf
        ? 'mlhooks is not installed in this project (a global install?): drop the `import { defineConfig } from "mlhooks"` line and export a plain object, or use mlhooks.config.json.'
        : `Fix ${basename(file)} so that \`node ${basename(file)}\` runs${state ? `, then ${state.fixBy}` : ''}.`,
      cause,
    });
  }
};

/**
 * Loads and validates the config of a project; errors name the file and the field.
 * `cacheFile` (in the git dir) keeps the export of a plain-data config module between runs.
 * With `state`, its files (the state's location) are read where the work tree's differ.
 */
export const loadConfig = async (
  location: ProjectLocation,
  cacheFile: string | null = null,
  state: StateConfig | null = null,
): Promise<LoadedConfig> => {
  // Messages name the version read: `mlhooks.config.json (as in the pushed commit 1a2b3c4d5e6f)`.
  const shown = (name: string) => (state ? `${name} (as ${state.as})` : name);
  const pkgFile = join(location.root, 'package.json');
  const packageJson = location.hasPackageJson
    ? (readJson(pkgFile, shown('package.json'), state) as Record<string, unknown>)
    : null;
  let raw: unknown = {};
  let source: string | null = null;
  if (location.configFile) {
    source = relative(location.root, location.configFile);
    raw = location.configFile.endsWith('.json')
      ? readJson(location.configFile, shown(source), state)
      : await importConfig(location.configFile, shown(source), cacheFile, state);
  } else if (packageJson && packageJson.mlhooks !== undefined) {
    source = 'package.json#mlhooks';
    raw = packageJson.mlhooks;
  }
  const { config, errors, warnings } = validateConfig(raw, {
    file: source ? shown(source) : '(built-in defaults)',
    jsRunner: () => jsRunnerOf(packageJson, location.root),
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
