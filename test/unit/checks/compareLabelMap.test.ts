import { describe, expect, it } from 'vitest';
import { compareLabelMap, labelIndex } from '../../../src/checks/compareLabelMap.js';
import { describeLandings } from '../../../src/checks/slow/labelMapping.js';

const NLI = ['contradiction', 'entailment', 'neutral'];
const row = (hot: number, n = 3) => Array.from({ length: n }, (_, i) => (i === hot ? 0.9 : 0.1 / (n - 1)));

describe('compareLabelMap', () => {
  it('passes predictions that land on the named classes', () => {
    const report = compareLabelMap(NLI, ['entailment', 'neutral', 'contradiction'], [row(1), row(2), row(0)]);
    expect(report).toMatchObject({ total: 3, correct: 3, agreement: 1, suggestedOrder: null });
    expect(report.outcomes[0]).toMatchObject({
      expected: 'entailment',
      expectedIndex: 1,
      predictedIndex: 1,
      predicted: 'entailment',
      ok: true,
    });
    expect(report.outcomes[0]!.confidence).toBeCloseTo(0.9);
  });

  it('finds the order of a model whose entailment is class 2, not class 1', () => {
    // A second NLI model ordered [contradiction, neutral, entailment].
    const expected = ['entailment', 'entailment', 'neutral', 'contradiction'];
    const report = compareLabelMap(NLI, expected, [row(2), row(2), row(1), row(0)]);
    expect(report.correct).toBe(1);
    expect(report.landings).toEqual({ entailment: { 2: 2 }, neutral: { 1: 1 }, contradiction: { 0: 1 } });
    expect(report.suggestedOrder).toEqual(['contradiction', 'neutral', 'entailment']);
    expect(describeLandings(NLI, report)).toEqual([
      "'entailment' (index 1): 2 on index 2 ('neutral') of 2",
      "'neutral' (index 2): 1 on index 1 ('entailment') of 1",
    ]);
  });

  it('fills the classes no example covered around the ones it moved', () => {
    const labels = ['neutral', 'happy', 'sad', 'angry'];
    const report = compareLabelMap(labels, ['happy', 'neutral'], [row(0, 4), row(1, 4)]);
    expect(report.suggestedOrder).toEqual(['happy', 'neutral', 'sad', 'angry']);
  });

  it('suggests no order when two classes land on the same index: the model does not tell them apart', () => {
    const report = compareLabelMap(NLI, ['entailment', 'neutral'], [row(0), row(0)]);
    expect(report.suggestedOrder).toBeNull();
    expect(report.agreement).toBe(0);
  });

  it('suggests no order when the mistakes are noise around the right classes', () => {
    const report = compareLabelMap(
      NLI,
      ['entailment', 'entailment', 'entailment', 'neutral'],
      [row(1), row(1), row(0), row(2)],
    );
    expect(report.agreement).toBe(0.75);
    expect(report.suggestedOrder).toBeNull();
  });

  it('takes class indices as well as names', () => {
    expect(compareLabelMap(NLI, [1, 2], [row(1), row(0)]).outcomes.map((o) => [o.expected, o.ok])).toEqual([
      ['entailment', true],
      ['neutral', false],
    ]);
    expect([
      labelIndex(NLI, 'neutral'),
      labelIndex(NLI, 'unknown'),
      labelIndex(NLI, 3),
      labelIndex(NLI, 1.5),
    ]).toEqual([2, -1, -1, -1]);
  });
});

describe('compareLabelMap on a single sigmoid score', () => {
  it('reads the score as the second class, so safe/unsafe needs no second output', () => {
    const report = compareLabelMap(['safe', 'unsafe'], ['unsafe', 'safe', 'safe'], [[0.97], [0.1], [0.8]]);
    expect(report.outcomes.map((o) => [o.predicted, o.ok])).toEqual([
      ['unsafe', true],
      ['safe', true],
      ['unsafe', false],
    ]);
    expect(report.outcomes.map((o) => o.confidence)).toEqual([0.97, 0.9, 0.8]);
  });
});
