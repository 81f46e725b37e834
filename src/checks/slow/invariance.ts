import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { judgeInvariance, type PairOutcome } from '../perturbation.js';
import { formatLimit } from '../sparkline.js';
import { predictRows } from '../tensors.js';
import type { Evidence, InputLike, ModelLike } from '../types.js';

/** An input and the same input perturbed (a typo, a synonym, a brightness change). */
export interface PerturbationCase {
  input: InputLike;
  perturbed: InputLike;
  name?: string;
}

export interface InvarianceOptions {
  model: ModelLike;
  cases: readonly PerturbationCase[];
  /** Also bound how far the decided class's score may move (default: only the decision must stay). */
  tolerance?: number;
}

export interface PerturbationEvidence extends Evidence {
  outcomes: PairOutcome[];
}

/** Runs a model on every case's input and perturbed input, as two batches. */
export const predictPairs = async (model: ModelLike, cases: readonly PerturbationCase[]) => {
  const { tf } = await tensorflow();
  const before = await predictRows(
    tf,
    model,
    cases.map((c) => c.input),
  );
  const after = await predictRows(
    tf,
    model,
    cases.map((c) => c.perturbed),
  );
  return { before, after, names: cases.map((c, i) => c.name ?? `#${i + 1}`), backend: backendOf(tf) };
};

/** CheckList invariance: a perturbation that should not matter does not change the prediction. */
export const invariance = async ({
  model,
  cases,
  tolerance,
}: InvarianceOptions): Promise<PerturbationEvidence> => {
  const { before, after, names, backend } = await predictPairs(model, cases);
  const outcomes = judgeInvariance(names, before, after, tolerance);
  const evidence: PerturbationEvidence = { check: 'invariance', backend, outcomes };
  const changed = outcomes.filter((o) => !o.ok);
  if (changed.length > 0) {
    throw new CheckFailure(evidence, {
      headline: `${changed.length} of ${outcomes.length} perturbations changed the prediction, wanted none${tolerance !== undefined ? ` (and scores within ${formatLimit(tolerance)})` : ''}`,
      details: changed.map((o) => `${o.name}: ${o.seen}`),
      hint: 'the model leans on a feature that should not matter: augment the training data with such perturbations',
    });
  }
  return evidence;
};
