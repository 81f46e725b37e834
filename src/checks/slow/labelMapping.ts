import { MlhooksError } from '../../errors.js';
import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { compareLabelMap, type LabelMapReport, labelIndex } from '../compareLabelMap.js';
import { LABEL_MAP_HINT } from '../messages.js';
import { formatLimit } from '../sparkline.js';
import { predictRows } from '../tensors.js';
import type { Evidence, LabelledExample, ModelLike } from '../types.js';

export interface LabelMappingOptions {
  model: ModelLike;
  /** The class names in the order the code using the model assumes. */
  labels: readonly string[];
  /** Inputs whose meaning is known. */
  examples: readonly LabelledExample[];
  /** The fraction of examples that must land on their named class (default 1: all). */
  minAgreement?: number;
}

export interface LabelMappingEvidence extends Evidence {
  labels: string[];
  agreement: number;
  correct: number;
  total: number;
  outcomes: { expected: string; predicted: string | null; predictedIndex: number; confidence: number }[];
  suggestedOrder: string[] | null;
}

const quote = (label: string | null) => (label === null ? 'nothing' : `'${label}'`);

/** One line per expected label that went astray: where its examples landed instead. */
export const describeLandings = (labels: readonly string[], report: LabelMapReport): string[] =>
  Object.entries(report.landings).flatMap(([label, counts]) => {
    const index = labels.indexOf(label);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const astray = Object.entries(counts)
      .filter(([at]) => Number(at) !== index)
      .sort((a, b) => b[1] - a[1]);
    if (astray.length === 0) return [];
    const where = astray
      .map(([at, n]) => `${n} on index ${at} (${quote(labels[Number(at)] ?? null)})`)
      .join(', ');
    return [`'${label}' (index ${index}): ${where} of ${total}`];
  });

/**
 * Inputs with a known meaning land on the named class: catches a model whose classes are ordered
 * differently from what the code assumes (one NLI model's "entailment" is class 1, another's class 2).
 */
export const labelMapping = async ({
  model,
  labels,
  examples,
  minAgreement = 1,
}: LabelMappingOptions): Promise<LabelMappingEvidence> => {
  const { tf } = await tensorflow();
  const unknown = examples.filter((e) => labelIndex(labels, e.label) < 0).map((e) => String(e.label));
  if (examples.length === 0 || unknown.length > 0) {
    throw new MlhooksError(
      'E_USAGE',
      examples.length === 0
        ? 'labelMapping needs at least one example'
        : `labelMapping: ${[...new Set(unknown)].join(', ')} is not in labels (${labels.join(', ')})`,
    );
  }
  const rows = await predictRows(
    tf,
    model,
    examples.map((e) => e.input),
  );
  const width = rows[0]?.length ?? 0;
  const report = compareLabelMap(
    labels,
    examples.map((e) => e.label),
    rows,
  );
  const evidence: LabelMappingEvidence = {
    check: 'labelMapping',
    backend: backendOf(tf),
    labels: [...labels],
    agreement: report.agreement,
    correct: report.correct,
    total: report.total,
    outcomes: report.outcomes.map(({ expected, predicted, predictedIndex, confidence }) => ({
      expected,
      predicted,
      predictedIndex,
      confidence,
    })),
    suggestedOrder: report.suggestedOrder,
  };
  if (width !== labels.length && !(width === 1 && labels.length === 2)) {
    throw new CheckFailure(evidence, {
      headline: `the model has ${width} outputs, the label map names ${labels.length} classes`,
      hint: 'the label map belongs to another model, or the model lost (or gained) a class',
    });
  }
  if (report.agreement < minAgreement) {
    const wrong = report.total - report.correct;
    throw new CheckFailure(evidence, {
      headline: `${wrong} of ${report.total} examples landed on another class, wanted ${minAgreement === 1 ? 'every one' : `at least ${formatLimit(minAgreement * 100)}%`} on its named class`,
      details: [
        ...describeLandings(labels, report),
        ...(report.suggestedOrder
          ? [`the model behaves as if its labels were [${report.suggestedOrder.join(', ')}]`]
          : []),
      ],
      hint: LABEL_MAP_HINT,
    });
  }
  return evidence;
};
