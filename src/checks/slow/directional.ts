import { MlhooksError } from '../../errors.js';
import { CheckFailure } from '../CheckFailure.js';
import { labelIndex } from '../compareLabelMap.js';
import { judgeDirection } from '../perturbation.js';
import { formatLimit } from '../sparkline.js';
import type { ModelLike } from '../types.js';
import { type PerturbationCase, type PerturbationEvidence, predictPairs } from './invariance.js';

export interface DirectionalOptions {
  model: ModelLike;
  cases: readonly PerturbationCase[];
  /** The output whose score must move: a name from `labels`, or an index (default 0). */
  output?: string | number;
  labels?: readonly string[];
  direction: 'up' | 'down';
  /** The least it must move by (default 0: any move in the right direction). */
  minDelta?: number;
}

/** CheckList directional: a perturbation with a known effect moves the score the right way. */
export const directional = async ({
  model,
  cases,
  output = 0,
  labels = [],
  direction,
  minDelta = 0,
}: DirectionalOptions): Promise<PerturbationEvidence> => {
  const index = typeof output === 'number' ? output : labelIndex(labels, output);
  if (index < 0)
    throw new MlhooksError(
      'E_USAGE',
      `directional: output '${output}' is not in labels (${labels.join(', ')})`,
    );
  const { before, after, names, backend } = await predictPairs(model, cases);
  const outcomes = judgeDirection(names, before, after, index, direction, minDelta);
  const evidence: PerturbationEvidence = { check: 'directional', backend, outcomes };
  const wrong = outcomes.filter((o) => !o.ok);
  if (wrong.length > 0) {
    const name = typeof output === 'string' ? `'${output}'` : (labels[index] ?? `output ${index}`);
    throw new CheckFailure(evidence, {
      headline: `${wrong.length} of ${outcomes.length} perturbations did not move ${name} ${direction}${minDelta > 0 ? ` by more than ${formatLimit(minDelta)}` : ''}`,
      details: wrong.map((o) => `${o.name}: ${o.seen}`),
      hint: 'the model ignores (or inverts) a feature that should matter',
    });
  }
  return evidence;
};
