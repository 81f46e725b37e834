import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { runModel, toTensor } from '../tensors.js';
import type { Evidence, InputLike, ModelLike } from '../types.js';

export interface OutputShapeOptions {
  /** The model, typically built from its config with random weights. */
  model: ModelLike;
  /** A batch of inputs. */
  input: InputLike;
  /** The wanted output shape; null matches any size (the batch axis, say). */
  expected: readonly (number | null)[];
}

export interface OutputShapeEvidence extends Evidence {
  shape: number[];
  expected: (number | null)[];
}

export const shapeMatches = (shape: readonly number[], expected: readonly (number | null)[]): boolean =>
  shape.length === expected.length && expected.every((size, axis) => size === null || size === shape[axis]);

export const formatShape = (shape: readonly (number | null)[]): string =>
  `[${shape.map((s) => (s === null ? '*' : s)).join(', ')}]`;

/** The model's output has the expected shape. */
export const outputShape = async ({
  model,
  input,
  expected,
}: OutputShapeOptions): Promise<OutputShapeEvidence> => {
  const { tf } = await tensorflow();
  const x = toTensor(tf, input);
  const out = await runModel(model, x);
  const shape = [...out.shape];
  out.dispose();
  if (x !== input) x.dispose();
  const evidence: OutputShapeEvidence = {
    check: 'outputShape',
    backend: backendOf(tf),
    shape,
    expected: [...expected],
  };
  if (!shapeMatches(shape, expected)) {
    throw new CheckFailure(evidence, {
      headline: `output shape ${formatShape(shape)}, wanted ${formatShape(expected)}${expected.includes(null) ? ' (* is any size)' : ''}`,
      hint: 'the last layer has the wrong number of units, or a reshape/flatten is missing or extra',
    });
  }
  return evidence;
};
