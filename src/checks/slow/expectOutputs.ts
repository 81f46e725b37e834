import { MlhooksError } from '../../errors.js';
import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { evaluateRule, type OutputRule } from '../expectation.js';
import { predictRows } from '../tensors.js';
import type { Evidence, InputLike, ModelLike } from '../types.js';

export interface OutputExample extends OutputRule {
  input: InputLike;
  /** How messages name the example (default #1, #2...). */
  name?: string;
}

export interface ExpectOutputsOptions {
  model: ModelLike;
  /** Class names, so rules can say `output: 'unsafe'` instead of an index. */
  labels?: readonly string[];
  examples: readonly OutputExample[];
}

export interface ExpectOutputsEvidence extends Evidence {
  outcomes: { name: string; ok: boolean; wanted: string; seen: string; value: number | null }[];
}

/** Known inputs give the outputs their rules ask for: "score >= 0.99 means unsafe". */
export const expectOutputs = async ({
  model,
  labels = [],
  examples,
}: ExpectOutputsOptions): Promise<ExpectOutputsEvidence> => {
  const { tf } = await tensorflow();
  if (examples.length === 0) throw new MlhooksError('E_USAGE', 'expectOutputs needs at least one example');
  const rows = await predictRows(
    tf,
    model,
    examples.map((e) => e.input),
  );
  const outcomes = examples.map((example, i) => {
    const name = example.name ?? `#${i + 1}`;
    try {
      return { name, ...evaluateRule(rows[i] ?? [], example, labels) };
    } catch (error) {
      throw new MlhooksError('E_USAGE', `expectOutputs ${name}: ${(error as Error).message}`);
    }
  });
  const evidence: ExpectOutputsEvidence = { check: 'expectOutputs', backend: backendOf(tf), outcomes };
  const missed = outcomes.filter((o) => !o.ok);
  if (missed.length > 0) {
    const [first] = missed;
    throw new CheckFailure(evidence, {
      headline: `${missed.length} of ${outcomes.length} examples missed: ${first!.name} saw ${first!.seen}, wanted ${first!.wanted}`,
      details: missed.slice(1).map((o) => `${o.name}: saw ${o.seen}, wanted ${o.wanted}`),
      hint: 'the model or its thresholds changed: retrain, or update the rule if the new behaviour is right',
    });
  }
  return evidence;
};
