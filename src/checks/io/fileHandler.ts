import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { MlhooksError } from '../../errors.js';
import { REEXPORT_HINT } from '../messages.js';
import { displayPath, readModelJson, readWeights } from './readWeights.js';

type ModelArtifacts = tfjs.io.ModelArtifacts;

const WEIGHTS_FILE = 'weights.bin';
// Everything in model.json besides the topology and the manifest, passed through as it is.
const EXTRA_FIELDS = [
  'format',
  'generatedBy',
  'convertedBy',
  'trainingConfig',
  'signature',
  'userDefinedMetadata',
  'modelInitializer',
  'initializerSignature',
] as const;

const joinWeights = (data: tfjs.io.WeightData | undefined): Uint8Array => {
  if (!data) return new Uint8Array(0);
  if (!Array.isArray(data)) return new Uint8Array(data);
  const out = new Uint8Array(data.reduce((sum, b) => sum + b.byteLength, 0));
  let offset = 0;
  for (const part of data) {
    out.set(new Uint8Array(part), offset);
    offset += part.byteLength;
  }
  return out;
};

/** Reads a model.json and its weight shards into the artifacts TensorFlow.js loads models from. */
export const loadArtifacts = async (modelJson: string): Promise<ModelArtifacts> => {
  const json = await readModelJson(modelJson);
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('modelTopology' in json)) {
    throw new MlhooksError(
      'E_MODEL',
      `${displayPath(modelJson)} has no modelTopology: it is not a TensorFlow.js model.json`,
      {
        hint: Array.isArray(json) ? 'this is a weights manifest: load it with loadWeights()' : REEXPORT_HINT,
      },
    );
  }
  const model = json as tfjs.io.ModelJSON;
  const artifacts: ModelArtifacts = { modelTopology: model.modelTopology };
  for (const field of EXTRA_FIELDS) {
    if (model[field] !== undefined) Object.assign(artifacts, { [field]: model[field] });
  }
  if (model.weightsManifest !== undefined) {
    const { specs, data } = await readWeights(model.weightsManifest, modelJson);
    artifacts.weightSpecs = specs;
    artifacts.weightData = data;
  }
  return artifacts;
};

/** Writes artifacts as model.json plus one weights.bin beside it. */
export const saveArtifacts = async (
  modelJson: string,
  artifacts: ModelArtifacts,
): Promise<tfjs.io.SaveResult> => {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new MlhooksError(
      'E_MODEL',
      `cannot save ${displayPath(modelJson)}: binary (GraphDef) topologies are not supported`,
      {
        hint: 'convert the model to the JSON format with tensorflowjs_converter',
      },
    );
  }
  const dir = dirname(modelJson);
  const weights = joinWeights(artifacts.weightData);
  const json: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology ?? {},
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
  };
  for (const field of EXTRA_FIELDS) if (artifacts[field] !== undefined) json[field] = artifacts[field];
  const text = JSON.stringify(json);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, WEIGHTS_FILE), weights);
  await writeFile(modelJson, text);
  return {
    modelArtifactsInfo: {
      dateSaved: new Date(),
      modelTopologyType: 'JSON',
      modelTopologyBytes: Buffer.byteLength(JSON.stringify(json.modelTopology)),
      weightSpecsBytes: Buffer.byteLength(JSON.stringify(json.weightsManifest)),
      weightDataBytes: weights.byteLength,
    },
  };
};

/**
 * A TensorFlow.js IO handler for a model.json on disk, for `tf.loadLayersModel(fileHandler(path))`,
 * `tf.loadGraphModel(...)` and `model.save(...)`, without tfjs-node.
 */
export const fileHandler = (modelJson: string): tfjs.io.IOHandler => ({
  load: () => loadArtifacts(modelJson),
  save: (artifacts) => saveArtifacts(modelJson, artifacts),
});
