import { resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { isMlhooksError, MlhooksError } from '../../errors.js';
import { tensorflow } from '../backend.js';
import { REEXPORT_HINT } from '../messages.js';
import { fileHandler, loadArtifacts } from './fileHandler.js';
import { displayPath, readModelJson, readWeights } from './readWeights.js';

export type ModelFormat = 'layers-model' | 'graph-model';

export interface LoadedModel {
  model: tfjs.LayersModel | tfjs.GraphModel;
  format: ModelFormat;
}

// tf's own errors ("Shape mismatch ...") do not say which file; these do.
const explain = (file: string, error: unknown): never => {
  if (isMlhooksError(error)) throw error;
  const message = error instanceof Error ? error.message : String(error);
  throw new MlhooksError('E_MODEL', `${displayPath(file)}: the weights do not fit the model: ${message}`, {
    hint: REEXPORT_HINT,
    cause: error,
  });
};

/** Loads a Keras-style LayersModel from model.json and its weight shards on disk. */
export const loadLayersModel = async (path: string): Promise<tfjs.LayersModel> => {
  const { tf } = await tensorflow();
  const file = resolve(path);
  return tf.loadLayersModel(fileHandler(file)).catch((error: unknown) => explain(file, error));
};

/** Loads a converted GraphModel (tensorflowjs_converter output) from disk. */
export const loadGraphModel = async (path: string): Promise<tfjs.GraphModel> => {
  const { tf } = await tensorflow();
  const file = resolve(path);
  return tf.loadGraphModel(fileHandler(file)).catch((error: unknown) => explain(file, error));
};

/** The format a model.json declares, or the one its topology looks like (GraphDefs have nodes). */
export const formatOf = (artifacts: tfjs.io.ModelArtifacts): ModelFormat => {
  if (artifacts.format === 'graph-model' || artifacts.format === 'layers-model') return artifacts.format;
  const topology = artifacts.modelTopology as Record<string, unknown> | undefined;
  return topology && 'node' in topology ? 'graph-model' : 'layers-model';
};

/** Loads a LayersModel or a GraphModel, whichever model.json holds. */
export const loadModel = async (path: string): Promise<LoadedModel> => {
  const { tf } = await tensorflow();
  const file = resolve(path);
  const artifacts = await loadArtifacts(file);
  const format = formatOf(artifacts);
  const handler = { load: async () => artifacts };
  const model = await (format === 'graph-model'
    ? tf.loadGraphModel(handler)
    : tf.loadLayersModel(handler)
  ).catch((error: unknown) => explain(file, error));
  return { model, format };
};

/** Saves a LayersModel or GraphModel as model.json plus weights.bin. */
export const saveModel = async (
  model: tfjs.LayersModel | tfjs.GraphModel,
  path: string,
): Promise<tfjs.io.SaveResult> => model.save(fileHandler(resolve(path)));

/**
 * Loads the named weights of a bare weights manifest (`*-weights_manifest.json`, a list of
 * { paths, weights } groups, as face-api and older tfjs-models ship them). Quantized weights come
 * back as float32.
 */
export const loadWeights = async (manifestPath: string): Promise<tfjs.NamedTensorMap> => {
  const { tf } = await tensorflow();
  const file = resolve(manifestPath);
  const json = await readModelJson(file);
  const manifest =
    json && typeof json === 'object' && !Array.isArray(json) && 'weightsManifest' in json
      ? json.weightsManifest
      : json;
  const { specs, data } = await readWeights(manifest, file);
  return tf.io.decodeWeights(data, specs);
};
