// Moving data between plain arrays, tensors and models: the edge every check goes through.
import type { InputLike, ModelLike, Numbers, Tensor, Tf } from './types.js';

export const isTensor = (value: unknown): value is Tensor =>
  typeof value === 'object' && value !== null && 'dataId' in value && 'shape' in value && 'dtype' in value;

export const toTensor = (tf: Tf, input: InputLike): Tensor =>
  isTensor(input) ? input : tf.tensor(input as number[]);

/** Stacks single examples (no batch axis) into one batch. */
export const batchOf = (tf: Tf, inputs: readonly InputLike[]): Tensor => {
  if (inputs.length === 0) throw new TypeError('no inputs were given');
  return tf.tidy(() => tf.stack(inputs.map((input) => toTensor(tf, input))));
};

interface AsyncGraph {
  executeAsync(x: Tensor): Promise<Tensor | Tensor[]>;
}
const hasExecuteAsync = (model: object): model is AsyncGraph =>
  typeof (model as Partial<AsyncGraph>).executeAsync === 'function';

/** Runs a model (LayersModel, GraphModel or function) on a batch; its first output when it has several. */
export const runModel = async (model: ModelLike, x: Tensor): Promise<Tensor> => {
  let out: unknown;
  if (typeof model === 'function') {
    out = await model(x);
  } else {
    try {
      out = await model.predict(x);
    } catch (error) {
      // GraphModels with control flow (while loops, NMS) only run through executeAsync.
      if (!hasExecuteAsync(model) || !/executeAsync/.test(String(error))) throw error;
      out = await model.executeAsync(x);
    }
  }
  if (Array.isArray(out)) {
    for (const extra of out.slice(1)) if (isTensor(extra)) extra.dispose();
    out = out[0];
  }
  if (!isTensor(out)) throw new TypeError('the model returned no tensor');
  return out;
};

/** One row of numbers per example: [batch, ...] flattened to [batch, rest]. */
export const toRows = (t: Tensor): number[][] => {
  if (t.rank === 0) return [[t.dataSync()[0]!]];
  const values = Array.from(t.dataSync());
  const batch = t.shape[0]!;
  const width = batch === 0 ? 0 : values.length / batch;
  return Array.from({ length: batch }, (_, i) => values.slice(i * width, (i + 1) * width));
};

/** Runs a model on a batch tensor and reads the outputs back as rows. */
export const predictBatch = async (model: ModelLike, x: Tensor): Promise<number[][]> => {
  const out = await runModel(model, x);
  try {
    return toRows(out);
  } finally {
    out.dispose();
  }
};

/** Predicts single examples as one batch and reads it back as rows, disposing every tensor it made. */
export const predictRows = async (
  tf: Tf,
  model: ModelLike,
  inputs: readonly InputLike[],
): Promise<number[][]> => {
  const x = batchOf(tf, inputs);
  try {
    return await predictBatch(model, x);
  } finally {
    x.dispose();
  }
};

/** Nested arrays of any depth, flattened. */
export const flatten = (values: Numbers): number[] =>
  Array.isArray(values) ? values.flatMap((v: Numbers) => flatten(v)) : [values as number];
