import { MlhooksError } from '../../errors.js';
import { backendOf, onBackend, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { compareOutputs, positionOf, type Tolerance } from '../compareOutputs.js';
import { formatLimit, formatNumber } from '../sparkline.js';
import { runModel, toTensor } from '../tensors.js';
import type { BackendName, Evidence, InputLike, ModelLike } from '../types.js';

export interface BackendRoundTripOptions {
  model: ModelLike;
  /** A batch of inputs. */
  input: InputLike;
  /** Backends to compare (default: every one installed); the first is the reference. */
  backends?: readonly BackendName[];
  /** Default atol 1e-4, rtol 1e-3: float32 kernels differ in the last bits between backends. */
  tolerance?: Partial<Tolerance>;
}

export interface BackendRoundTripEvidence extends Evidence {
  reference: BackendName;
  compared: { backend: BackendName; maxDiff: number }[];
}

// cpu is the reference: the plainest kernels, present everywhere.
const ORDER: readonly BackendName[] = ['cpu', 'wasm', 'tensorflow'];

/** The same inputs give the same outputs, within a tolerance, on every backend (cpu, wasm, tensorflow). */
export const backendRoundTrip = async (
  options: BackendRoundTripOptions,
): Promise<BackendRoundTripEvidence> => {
  const { tf, info } = await tensorflow();
  const wanted = options.backends ?? ORDER.filter((name) => info.available.includes(name));
  const missing = wanted.filter((name) => !info.available.includes(name));
  if (missing.length > 0 || wanted.length < 2) {
    throw new MlhooksError(
      'E_RUNNER_MISSING',
      `backendRoundTrip needs two backends; ${missing.length > 0 ? `${missing.join(', ')} not available` : `only ${wanted.join(', ')} is available`} (available: ${info.available.join(', ')})`,
      { hint: 'npm i -D @tensorflow/tfjs-backend-wasm' },
    );
  }
  const tolerance = { atol: options.tolerance?.atol ?? 1e-4, rtol: options.tolerance?.rtol ?? 1e-3 };
  const x = toTensor(tf, options.input);
  const results: { backend: BackendName; values: Float32Array; shape: number[] }[] = [];
  try {
    for (const backend of wanted) {
      results.push(
        await onBackend(tf, backend, async () => {
          const out = await runModel(options.model, x);
          const values = Float32Array.from(out.dataSync());
          const shape = [...out.shape];
          out.dispose();
          return { backend, values, shape };
        }),
      );
    }
  } finally {
    if (x !== options.input) x.dispose();
  }
  const [reference, ...others] = results as [(typeof results)[0], ...typeof results];
  const diffs = others.map((other) => ({
    backend: other.backend,
    diff: compareOutputs(other.values, reference.values, tolerance),
  }));
  const evidence: BackendRoundTripEvidence = {
    check: 'backendRoundTrip',
    backend: backendOf(tf),
    reference: reference.backend,
    compared: diffs.map(({ backend, diff }) => ({ backend, maxDiff: diff.maxDiff })),
  };
  const failed = diffs.filter(({ diff }) => !diff.ok);
  if (failed.length > 0) {
    throw new CheckFailure(evidence, {
      headline: `${failed.map(({ backend, diff }) => `${backend} differs from ${reference.backend} by up to ${formatNumber(diff.maxDiff)}`).join('; ')}, wanted within ${formatLimit(tolerance.atol)} + ${formatLimit(tolerance.rtol)}×|value|`,
      details: failed.map(({ backend, diff }) =>
        diff.worst < 0
          ? `${backend}: ${results.find((r) => r.backend === backend)?.values.length} outputs vs ${reference.values.length} on ${reference.backend}`
          : `${backend} at [${positionOf(diff.worst, reference.shape).join(', ')}]: ${formatNumber(diff.a!)} vs ${formatNumber(diff.b!)}`,
      ),
      hint: 'an op implemented differently per backend (reductions, float16, integer overflow), or a custom op registered on one backend only',
    });
  }
  return evidence;
};
