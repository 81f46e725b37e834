import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MlhooksError } from '../errors.js';
import { backendLine, TFJS_MISSING_HINT } from './messages.js';
import type { BackendName, Logger, Tf } from './types.js';

/** Finds an installed package's entry file, or null when it is not installed: the seam tests fake. */
export type Resolve = (specifier: string) => string | null;

export interface BackendInfo {
  name: BackendName;
  /** The TensorFlow.js version. */
  version: string;
  /** Whether the wasm backend runs its SIMD build (null on other backends). */
  simd: boolean | null;
  /** Why this backend and not a faster one. */
  reason: string;
  /** Every backend this process can switch to, fastest first. */
  available: BackendName[];
}

export interface LoadedTensorFlow {
  tf: Tf;
  info: BackendInfo;
}

export interface LoadOptions {
  resolve?: Resolve;
  /** Use this backend when it is installed (default: MLHOOKS_TF_BACKEND, else the fastest). */
  prefer?: BackendName;
}

const TFJS = '@tensorflow/tfjs';
const TFJS_NODE = '@tensorflow/tfjs-node';
const TFJS_WASM = '@tensorflow/tfjs-backend-wasm';
const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Resolves from mlhooks' own location, then from the project in the current directory. */
export const defaultResolve: Resolve = (specifier) => {
  for (const base of [import.meta.url, pathToFileURL(join(process.cwd(), 'package.json')).href]) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // not installed there
    }
  }
  return null;
};

/** The backend to use, given what is installed: tfjs-node, else wasm, else cpu. */
export const pickBackend = (
  installed: { tensorflow: boolean; wasm: boolean },
  prefer?: BackendName,
): { name: BackendName; reason: string } => {
  const has = (name: BackendName) => name === 'cpu' || installed[name];
  if (prefer && has(prefer)) return { name: prefer, reason: 'asked for' };
  const asked = prefer ? `${prefer} was asked for but is not installed; ` : '';
  if (installed.tensorflow) return { name: 'tensorflow', reason: `${asked}${TFJS_NODE} is installed` };
  if (installed.wasm) return { name: 'wasm', reason: `${asked}${TFJS_NODE} is not installed` };
  return { name: 'cpu', reason: `${asked}neither ${TFJS_NODE} nor ${TFJS_WASM} is installed` };
};

const importFile = async (file: string): Promise<Record<string, unknown>> => {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // CommonJS builds arrive as a default export holding module.exports.
  return (module.default as Record<string, unknown> | undefined) ?? module;
};

const preferred = (value: string | undefined): BackendName | undefined =>
  BACKENDS.find((name) => name === value?.trim().toLowerCase());

/**
 * Loads TensorFlow.js and picks its backend. Always a fresh look at what is installed; checks use
 * the cached {@link tensorflow} instead.
 */
export const loadTensorFlow = async (options: LoadOptions = {}): Promise<LoadedTensorFlow> => {
  const resolve = options.resolve ?? defaultResolve;
  const prefer = options.prefer ?? preferred(process.env.MLHOOKS_TF_BACKEND);
  const nodeFile = resolve(TFJS_NODE);
  const wasmFile = resolve(TFJS_WASM);
  const choice = pickBackend({ tensorflow: nodeFile !== null, wasm: wasmFile !== null }, prefer);

  let tf: Tf | undefined;
  let reason = choice.reason;
  let native = false;
  if (nodeFile) {
    try {
      tf = (await importFile(nodeFile)) as unknown as Tf;
      native = true;
    } catch (error) {
      // An installed but broken native binding: say so, and carry on without it.
      reason = `${TFJS_NODE} failed to load (${(error as Error).message.split('\n')[0]})`;
    }
  }
  if (!tf) {
    const tfjsFile = resolve(TFJS);
    if (!tfjsFile) {
      throw new MlhooksError('E_RUNNER_MISSING', `mlhooks/checks needs ${TFJS}, which is not installed.`, {
        hint: TFJS_MISSING_HINT,
      });
    }
    tf = (await importFile(tfjsFile)) as unknown as Tf;
  }
  // tfjs prints advice to install tfjs-node on first use of cpu; the backend line already says it.
  tf.env().set('PROD', true);

  const available: BackendName[] = [];
  if (native && tf.findBackendFactory('tensorflow')) available.push('tensorflow');
  if (wasmFile) {
    try {
      const wasm = await importFile(wasmFile);
      // Load the .wasm binaries from node_modules, not from a CDN.
      (wasm.setWasmPaths as (prefix: string) => void)(dirname(wasmFile) + sep);
      available.push('wasm');
    } catch {
      // a wasm backend that does not load is one we do not offer
    }
  }
  available.push('cpu');

  let name = available.includes(choice.name) ? choice.name : available[0]!;
  if (name !== choice.name) reason = `${reason}; ${choice.name} did not load`;
  if (!(await tf.setBackend(name))) {
    reason = `${reason}; ${name} did not start`;
    name = 'cpu';
    await tf.setBackend(name);
  }
  await tf.ready();
  const simd = name === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null;
  return {
    tf,
    info: {
      name,
      version: (tf.version as Record<string, string | undefined>).tfjs ?? tf.version_core,
      simd,
      reason,
      available,
    },
  };
};

let logger: Logger = { info: (message) => process.stderr.write(`${message}\n`) };
let preference: BackendName | undefined;
let loading: Promise<LoadedTensorFlow> | undefined;

/**
 * Settings for every check in this process: where the one line about the backend goes (stderr by
 * default) and which backend to prefer. Call it before the first check runs.
 */
export const configureChecks = (settings: { logger?: Logger; backend?: BackendName }): void => {
  if (settings.logger) logger = settings.logger;
  if (settings.backend) preference = settings.backend;
};

/** TensorFlow.js, loaded once per process on first use; the backend in use is reported once. */
export const tensorflow = (): Promise<LoadedTensorFlow> => {
  if (!loading) {
    loading = loadTensorFlow({ prefer: preference }).then((loaded) => {
      logger.info(backendLine(loaded.info));
      return loaded;
    });
    // A failed load is not cached: the next check tries again and says why again.
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
};

/** The backend running right now (a test may have switched it). */
export const backendOf = (tf: Tf): BackendName => tf.getBackend() as BackendName;

/** Runs `work` on another backend, then switches back. */
export const onBackend = async <T>(tf: Tf, name: BackendName, work: () => Promise<T>): Promise<T> => {
  const previous = tf.getBackend();
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} did not start`);
  try {
    return await work();
  } finally {
    await tf.setBackend(previous);
  }
};
