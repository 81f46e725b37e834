import type * as tfjs from '@tensorflow/tfjs';
import { MlhooksError } from '../../errors.js';
import { backendOf, tensorflow } from '../backend.js';
import { CheckFailure } from '../CheckFailure.js';
import { compiledLoss, isLayersModel } from '../layers.js';
import { runModel, toTensor } from '../tensors.js';
import type { Evidence, InputLike, ModelLike, Tensor, Tf } from '../types.js';

export interface FiniteOptions {
  model: ModelLike;
  /** A batch of inputs. */
  input: InputLike;
  /** Targets for the batch: with them the loss and, for a LayersModel, its gradients are checked too. */
  target?: InputLike;
  /** The loss: a function or a Keras loss name (default: the one the model was compiled with). */
  loss?: string | ((yTrue: Tensor, yPred: Tensor) => Tensor);
}

export interface FiniteEvidence extends Evidence {
  outputs: number;
  loss: number | null;
  /** Gradients checked, one per trainable variable (null when not checked). */
  gradients: number | null;
  broken: string[];
}

type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;

// A loss function, a Keras loss name, or the one the model was compiled with; compiling is left to the user.
const lossOf = (tf: Tf, model: ModelLike, loss: FiniteOptions['loss']): LossFn => {
  if (typeof loss === 'function') return loss;
  if (typeof loss === 'string') {
    const named = (tf.metrics as unknown as Record<string, unknown>)[loss];
    if (typeof named !== 'function') {
      throw new MlhooksError(
        'E_USAGE',
        `finite: unknown loss "${loss}" (give a function, or categoricalCrossentropy, binaryCrossentropy, meanSquaredError, meanAbsoluteError)`,
      );
    }
    return named as LossFn;
  }
  const compiled = isLayersModel(model) ? compiledLoss(model) : undefined;
  if (!compiled)
    throw new MlhooksError('E_USAGE', 'finite: with a target, give a loss (or compile the model)');
  return compiled;
};

const countNonFinite = (t: Tensor): number => {
  let count = 0;
  for (const v of t.dataSync()) if (!Number.isFinite(v)) count++;
  return count;
};

/** Outputs, and with targets the loss and every gradient, hold no NaN or Infinity. */
export const finite = async (options: FiniteOptions): Promise<FiniteEvidence> => {
  const { tf } = await tensorflow();
  const { model } = options;
  const x = toTensor(tf, options.input);
  const broken: string[] = [];
  const out = await runModel(model, x);
  const outputs = out.size;
  const badOutputs = countNonFinite(out);
  if (badOutputs > 0) broken.push(`${badOutputs} of ${outputs} outputs`);

  let loss: number | null = null;
  let gradients: number | null = null;
  if (options.target !== undefined) {
    const lossFn = lossOf(tf, model, options.loss);
    const y = toTensor(tf, options.target);
    if (isLayersModel(model)) {
      const variables = model.trainableWeights.map((w) => w.read() as tfjs.Variable);
      const { value, grads } = tf.variableGrads(
        () => tf.mean(lossFn(y, model.apply(x, { training: true }) as Tensor)) as tfjs.Scalar,
        variables,
      );
      loss = value.dataSync()[0]!;
      gradients = variables.length;
      for (const [name, grad] of Object.entries(grads)) {
        const bad = countNonFinite(grad);
        if (bad > 0) broken.push(`gradient of ${name} (${bad} of ${grad.size})`);
      }
      tf.dispose([value, ...Object.values(grads)]);
    } else {
      const value = tf.tidy(() => tf.mean(lossFn(y, out)));
      loss = value.dataSync()[0]!;
      value.dispose();
    }
    if (!Number.isFinite(loss)) broken.push(`the loss (${loss})`);
    if (y !== options.target) y.dispose();
  }
  out.dispose();
  if (x !== options.input) x.dispose();

  const evidence: FiniteEvidence = {
    check: 'finite',
    backend: backendOf(tf),
    outputs,
    loss,
    gradients,
    broken,
  };
  if (broken.length > 0) {
    throw new CheckFailure(evidence, {
      headline: `NaN or Infinity in ${broken.join(', ')}, wanted finite numbers everywhere`,
      hint: 'look for log(0), division by zero, exp overflow (logits into a loss that wants probabilities) or a learning rate that blows up',
    });
  }
  return evidence;
};
