import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { formatNumber } from '../sparkline.js';
import { runModel, toRows, toTensor } from '../tensors.js';
import type { Evidence, InputLike, ModelLike } from '../types.js';
import { judgeRange, type RangeRules } from './judgeRange.js';

export interface OutputRangeOptions extends RangeRules {
  model: ModelLike;
  /** A batch of inputs. */
  input: InputLike;
}

export interface OutputRangeEvidence extends Evidence {
  kind: string;
  min: number;
  max: number;
  worstSum: number | null;
  rows: number;
}

const SHOWN = 5;

/** Outputs are in range: probabilities in [0, 1] summing to 1, logits finite, or explicit bounds. */
export const outputRange = async (options: OutputRangeOptions): Promise<OutputRangeEvidence> => {
  const { tf } = await tensorflow();
  const x = toTensor(tf, options.input);
  const out = await runModel(options.model, x);
  const rows = toRows(out);
  out.dispose();
  if (x !== options.input) x.dispose();
  const report = judgeRange(rows, options);
  const kind = options.kind ?? 'range';
  const evidence: OutputRangeEvidence = {
    check: 'outputRange',
    backend: backendOf(tf),
    kind,
    min: report.min,
    max: report.max,
    worstSum: report.worstSum,
    rows: rows.length,
  };
  if (!report.ok) {
    const wanted =
      kind === 'probabilities'
        ? 'probabilities in [0, 1] that sum to 1'
        : kind === 'logits'
          ? 'finite logits'
          : 'values within the bounds';
    throw new CheckFailure(evidence, {
      headline: `${report.problems.length} output problem${report.problems.length === 1 ? '' : 's'} (values ${formatNumber(report.min)} to ${formatNumber(report.max)}), wanted ${wanted}`,
      details: [
        ...report.problems.slice(0, SHOWN),
        ...(report.problems.length > SHOWN ? [`… and ${report.problems.length - SHOWN} more`] : []),
      ],
      hint:
        kind === 'probabilities'
          ? 'a last layer without softmax (or sigmoid) gives logits, not probabilities'
          : undefined,
    });
  }
  return evidence;
};
