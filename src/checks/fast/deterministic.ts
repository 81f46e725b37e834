import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { compareOutputs, positionOf } from '../compareOutputs.js';
import { formatLimit, formatNumber } from '../sparkline.js';
import { runModel, toTensor } from '../tensors.js';
import type { Evidence, InputLike, ModelLike, Tensor } from '../types.js';

export interface DeterministicOptions {
  /** Builds the model from a seed (seeded initializers, seeded shuffles). */
  build: (seed: number) => ModelLike | Promise<ModelLike>;
  /** A batch of inputs. */
  input: InputLike;
  seed?: number;
  /** Largest difference allowed (default 0: bit for bit). */
  tolerance?: number;
}

export interface DeterministicEvidence extends Evidence {
  seed: number;
  /** The same model run twice. */
  repeatDiff: number;
  /** Two models built from the same seed. */
  rebuildDiff: number;
}

const outputsOf = async (model: ModelLike, x: Tensor): Promise<{ values: Float32Array; shape: number[] }> => {
  const out = await runModel(model, x);
  const result = { values: Float32Array.from(out.dataSync()), shape: [...out.shape] };
  out.dispose();
  return result;
};

const disposeModel = (model: ModelLike): void => {
  const dispose = (model as { dispose?: () => unknown }).dispose;
  if (typeof model !== 'function' && typeof dispose === 'function') dispose.call(model);
};

/** The same seed gives the same outputs: built twice, and run twice. */
export const deterministic = async ({
  build,
  input,
  seed = 42,
  tolerance = 0,
}: DeterministicOptions): Promise<DeterministicEvidence> => {
  const { tf } = await tensorflow();
  const x = toTensor(tf, input);
  const first = await build(seed);
  const a = await outputsOf(first, x);
  const again = await outputsOf(first, x);
  disposeModel(first);
  const second = await build(seed);
  const b = await outputsOf(second, x);
  disposeModel(second);
  if (x !== input) x.dispose();

  const limits = { atol: tolerance, rtol: 0 };
  const repeat = compareOutputs(again.values, a.values, limits);
  const rebuild = compareOutputs(b.values, a.values, limits);
  const evidence: DeterministicEvidence = {
    check: 'deterministic',
    backend: backendOf(tf),
    seed,
    repeatDiff: repeat.maxDiff,
    rebuildDiff: rebuild.maxDiff,
  };
  const broken = !repeat.ok
    ? { what: 'the same model run twice gives outputs that', diff: repeat }
    : !rebuild.ok
      ? { what: `two models built with seed ${seed}`, diff: rebuild }
      : null;
  if (broken) {
    const { diff } = broken;
    const at =
      diff.worst >= 0
        ? ` (at [${positionOf(diff.worst, a.shape).join(', ')}]: ${formatNumber(diff.a ?? Number.NaN)} vs ${formatNumber(diff.b ?? Number.NaN)})`
        : '';
    throw new CheckFailure(evidence, {
      headline: `${broken.what} differ by up to ${formatNumber(diff.maxDiff)}${at}, wanted ${tolerance === 0 ? 'identical outputs' : `at most ${formatLimit(tolerance)}`}`,
      hint:
        diff === repeat
          ? 'dropout or another random op runs at inference: call the model with training off'
          : 'an initializer or shuffle without a seed (tf.initializers.glorotUniform({ seed })), or Math.random on the data path',
    });
  }
  return evidence;
};
