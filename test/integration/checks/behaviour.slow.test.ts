import type * as tfjs from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CheckFailure,
  directional,
  expectOutputs,
  invariance,
  labelMapping,
} from '../../../src/checks/index.js';
import { CLASSES, LABELS, trainedClassifier, X } from './tinyModels.js';

// Behaviour of a trained model: label maps, thresholds, CheckList-style perturbations.

let model: tfjs.Sequential;
beforeAll(async () => {
  model = await trainedClassifier();
});

const failure = async (promise: Promise<unknown>): Promise<CheckFailure> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckFailure);
  return error as CheckFailure;
};

const examples = X.map((input, i) => ({ input, label: LABELS[CLASSES[i]!]! }));

describe('labelMapping', () => {
  it('passes when the label map matches the order the model learnt', async () => {
    const evidence = await labelMapping({ model, labels: LABELS, examples });
    expect(evidence).toMatchObject({ agreement: 1, correct: 6, total: 6, suggestedOrder: null });
  });

  it("catches the NLI swap: another model's entailment is class 1, not 0", async () => {
    const error = await failure(
      labelMapping({ model, labels: ['neutral', 'entailment', 'contradiction'], examples }),
    );
    expect(error.message).toBe(
      [
        'labelMapping: 4 of 6 examples landed on another class, wanted every one on its named class',
        "  'entailment' (index 1): 2 on index 0 ('neutral') of 2",
        "  'neutral' (index 0): 2 on index 1 ('entailment') of 2",
        '  the model behaves as if its labels were [entailment, neutral, contradiction]',
        '  hint: the model was trained with its classes in another order: make the label map match the model (its training config, or the converter metadata)',
      ].join('\n'),
    );
    expect(error.evidence.suggestedOrder).toEqual(['entailment', 'neutral', 'contradiction']);
  });

  it('says when the label map has more classes than the model has outputs', async () => {
    const error = await failure(labelMapping({ model, labels: [...LABELS, 'unknown'], examples }));
    expect(error.message).toMatch(/^labelMapping: the model has 3 outputs, the label map names 4 classes\n/);
  });

  it('lets a share of examples miss with minAgreement', async () => {
    const wrongOnce = examples.map((e, i) => (i === 0 ? { ...e, label: 'neutral' } : e));
    const evidence = await labelMapping({ model, labels: LABELS, examples: wrongOnce, minAgreement: 0.8 });
    expect(evidence.agreement).toBeCloseTo(5 / 6);
    const error = await failure(
      labelMapping({ model, labels: LABELS, examples: wrongOnce, minAgreement: 0.9 }),
    );
    expect(error.message).toMatch(
      /^labelMapping: 1 of 6 examples landed on another class, wanted at least 90% on its named class\n/,
    );
  });
});

describe('expectOutputs', () => {
  it('holds scores to thresholds, by class name', async () => {
    const evidence = await expectOutputs({
      model,
      labels: LABELS,
      examples: [
        { name: 'plain entailment', input: X[0]!, output: 'entailment', atLeast: 0.9 },
        { input: X[1]!, top: 'neutral' },
        { input: X[2]!, output: 'entailment', atMost: 0.1 },
      ],
    });
    expect(evidence.outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect(evidence.outcomes[0]!.wanted).toBe('entailment >= 0.9');
  });

  it('names each example that missed, what it saw and what was wanted', async () => {
    const error = await failure(
      expectOutputs({
        model,
        labels: LABELS,
        examples: [
          { name: 'clearly unsafe', input: X[0]!, output: 'contradiction', atLeast: 0.99 },
          { input: X[1]!, top: 2 },
          { input: X[2]!, top: 'contradiction' },
        ],
      }),
    );
    expect(error.message).toMatch(
      /^expectOutputs: 2 of 3 examples missed: clearly unsafe saw contradiction [\d.e-]+, wanted contradiction >= 0\.99\n {2}#2: saw top class neutral [\d.]+, wanted top class contradiction \(2\)\n/,
    );
  });
});

describe('invariance and directional', () => {
  it('invariance: a little noise does not change the prediction', async () => {
    const cases = X.map((input, i) => ({
      input,
      perturbed: input.map((v, j) => v + (j === i % 4 ? 0.05 : -0.03)),
    }));
    const evidence = await invariance({ model, cases });
    expect(evidence.outcomes.every((o) => o.ok)).toBe(true);
  });

  it('invariance: names the case whose prediction flipped', async () => {
    const cases = [
      { name: 'noise', input: X[0]!, perturbed: [0.97, 0.02, 0, 0] },
      { name: 'swap', input: X[0]!, perturbed: X[1]! },
    ];
    const error = await failure(invariance({ model, cases }));
    expect(error.message).toMatch(
      /^invariance: 1 of 2 perturbations changed the prediction, wanted none\n {2}swap: class 0 became 1\n/,
    );
  });

  it('directional: adding the neutral feature moves the neutral score up, not down', async () => {
    const cases = [{ input: X[0]!, perturbed: [1, 1, 0, 0] }];
    const evidence = await directional({
      model,
      cases,
      labels: LABELS,
      output: 'neutral',
      direction: 'up',
      minDelta: 0.2,
    });
    expect(evidence.outcomes[0]!.after).toBeGreaterThan(evidence.outcomes[0]!.before + 0.2);
    const error = await failure(
      directional({ model, cases, labels: LABELS, output: 'neutral', direction: 'down' }),
    );
    expect(error.message).toMatch(
      /^directional: 1 of 1 perturbations did not move 'neutral' down\n {2}#1: [\d.e-]+ → [\d.]+ \(\+[\d.]+\)\n/,
    );
  });
});
