import { describe, expect, it } from 'vitest';
import { createCheckContext, defineChecks, outputShape, runChecks } from '../../../src/checks/index.js';
import { MlhooksError } from '../../../src/errors.js';
import { classifier, X } from './tinyModels.js';

// A check module as a user writes it (`*.check.mjs`), run the way the stages will run it.
const suite = defineChecks({
  fast: {
    shape: async () => outputShape({ model: await classifier(), input: X, expected: [null, 3] }),
    wrongShape: async () => outputShape({ model: await classifier(), input: X, expected: [null, 2] }),
    plainAssertion: () => expect(1 + 1).toBe(3),
    brokenSetup: () => {
      throw new MlhooksError('E_MODEL', 'models/x/model.json does not exist', {
        hint: 'check the model path',
      });
    },
    crashes: () => {
      throw new TypeError('undefined is not a function');
    },
  },
  slow: {
    usesContext: async ({ tf, backend, cwd }) => ({
      sum: tf.add(1, 2).dataSync()[0],
      backend: backend.name,
      cwd,
    }),
  },
});

describe('defineChecks and runChecks', () => {
  it('turns every outcome of a tier into a result: pass, fail, or error', async () => {
    const context = await createCheckContext({ cwd: '/project' });
    const results = await runChecks(suite, 'fast', context);
    expect(results.map((r) => [r.name, r.tier, r.status])).toEqual([
      ['shape', 'fast', 'pass'],
      ['wrongShape', 'fast', 'fail'],
      ['plainAssertion', 'fast', 'fail'],
      ['brokenSetup', 'fast', 'error'],
      ['crashes', 'fast', 'error'],
    ]);
    const [shape, wrongShape, assertion, broken, crash] = results;
    expect(shape!.evidence).toMatchObject({ check: 'outputShape', shape: [6, 3] });
    expect(wrongShape!.message).toBe(
      'outputShape: output shape [6, 3], wanted [*, 2] (* is any size)\n  hint: the last layer has the wrong number of units, or a reshape/flatten is missing or extra',
    );
    expect(wrongShape!.evidence).toMatchObject({ shape: [6, 3], expected: [null, 2] });
    expect(assertion!.message).toBe('expected 2 to be 3 // Object.is equality');
    expect(broken).toMatchObject({
      code: 'E_MODEL',
      hint: 'check the model path',
      message: 'models/x/model.json does not exist',
    });
    expect(crash!.message).toMatch(/^TypeError: undefined is not a function\n {4}at /);
  });

  it('gives checks TensorFlow.js, the backend and the folder, and runs only the named ones', async () => {
    const context = await createCheckContext({ cwd: '/project' });
    const results = await runChecks(suite, 'slow', context, ['usesContext']);
    expect(results).toEqual([
      expect.objectContaining({ status: 'pass', evidence: { sum: 3, backend: 'wasm', cwd: '/project' } }),
    ]);
    expect(await runChecks(suite, 'fast', context, ['nothing-by-that-name'])).toEqual([]);
  });
});
