import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel } from './types.js';

// Duck-typed: a LayersModel from another copy of tfjs fails `instanceof` but works all the same.
export const isLayersModel = (model: unknown): model is LayersModel =>
  typeof model === 'object' &&
  model !== null &&
  typeof (model as Partial<LayersModel>).compile === 'function' &&
  typeof (model as Partial<LayersModel>).trainOnBatch === 'function';

type LossFn = (yTrue: tfjs.Tensor, yPred: tfjs.Tensor) => tfjs.Tensor;

/** The loss a LayersModel was compiled with (a Sequential keeps it on its inner model), if any. */
export const compiledLoss = (model: LayersModel): LossFn | undefined => {
  const inner = (model as unknown as { model?: LayersModel }).model;
  return ((inner ?? model) as unknown as { lossFunctions?: LossFn[] }).lossFunctions?.[0];
};

export interface LeafLayer {
  layer: tfjs.layers.Layer;
  /** False when the layer or a model it sits in is frozen. */
  trainable: boolean;
}

/** Every layer that holds weights itself, with whether it trains: nested models are walked. */
export const leafLayers = (model: { layers: tfjs.layers.Layer[] }, parentTrainable = true): LeafLayer[] =>
  model.layers.flatMap((layer) => {
    const trainable = parentTrainable && layer.trainable;
    const inner = (layer as unknown as { layers?: tfjs.layers.Layer[] }).layers;
    return Array.isArray(inner) ? leafLayers({ layers: inner }, trainable) : [{ layer, trainable }];
  });
