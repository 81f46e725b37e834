export interface LabelOutcome {
  /** The class the example is known to mean. */
  expected: string;
  expectedIndex: number;
  /** The class the model gave it (argmax), and that index's name in the label map. */
  predictedIndex: number;
  predicted: string | null;
  confidence: number;
  ok: boolean;
}

export interface LabelMapReport {
  total: number;
  correct: number;
  /** correct / total. */
  agreement: number;
  outcomes: LabelOutcome[];
  /** For each expected label: how many examples landed on each index. */
  landings: Record<string, Record<string, number>>;
  /** A label order that explains what the model did, when the declared one does not; else null. */
  suggestedOrder: string[] | null;
}

const argmax = (row: readonly number[]): number => {
  let best = 0;
  row.forEach((v, i) => {
    if (v > row[best]!) best = i;
  });
  return best;
};

/** A label by name or index, as an index into `labels` (-1 when unknown). */
export const labelIndex = (labels: readonly string[], label: string | number): number =>
  typeof label === 'number'
    ? Number.isInteger(label) && label >= 0 && label < labels.length
      ? label
      : -1
    : labels.indexOf(label);

// Where each expected label's examples mostly land; a label order only if that mapping is one-to-one.
const suggestOrder = (labels: readonly string[], landings: LabelMapReport['landings']): string[] | null => {
  const placed = new Map<number, string>();
  for (const [label, counts] of Object.entries(landings)) {
    const [top] = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    if (!top) continue;
    const index = Number(top[0]);
    if (placed.has(index)) return null;
    placed.set(index, label);
  }
  const moved = [...placed].some(([index, label]) => labels[index] !== label);
  if (!moved) return null;
  const rest = labels.filter((label) => ![...placed.values()].includes(label));
  return labels.map((_, index) => placed.get(index) ?? rest.shift()!);
};

/**
 * Compares what a model predicted for examples of known meaning with the declared label map.
 * `outputs` holds one row of class scores per example.
 */
export const compareLabelMap = (
  labels: readonly string[],
  expected: readonly (string | number)[],
  outputs: readonly (readonly number[])[],
): LabelMapReport => {
  const landings: LabelMapReport['landings'] = {};
  const outcomes = expected.map((label, i): LabelOutcome => {
    const row = outputs[i] ?? [];
    const expectedIndex = labelIndex(labels, label);
    const name = typeof label === 'number' ? (labels[label] ?? String(label)) : label;
    // A single sigmoid score with two labels: the score is the second class's probability.
    const binary = row.length === 1 && labels.length === 2;
    const predictedIndex = binary ? Number(row[0]! >= 0.5) : argmax(row);
    const counts = (landings[name] ??= {});
    counts[predictedIndex] = (counts[predictedIndex] ?? 0) + 1;
    return {
      expected: name,
      expectedIndex,
      predictedIndex,
      predicted: labels[predictedIndex] ?? null,
      confidence: binary ? Math.abs(1 - predictedIndex - row[0]!) : (row[predictedIndex] ?? Number.NaN),
      ok: expectedIndex === predictedIndex,
    };
  });
  const correct = outcomes.filter((o) => o.ok).length;
  return {
    total: outcomes.length,
    correct,
    agreement: outcomes.length === 0 ? 0 : correct / outcomes.length,
    outcomes,
    landings,
    suggestedOrder: correct === outcomes.length ? null : suggestOrder(labels, landings),
  };
};
