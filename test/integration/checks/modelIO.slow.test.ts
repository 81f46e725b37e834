import { readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadGraphModel,
  loadLayersModel,
  loadModel,
  loadWeights,
  saveModel,
} from '../../../src/checks/index.js';
import { isMlhooksError, type MlhooksError } from '../../../src/errors.js';
import { ROOT } from '../../helpers/cli.js';
import { tempDir } from './tempDir.js';
import { tf, trainedClassifier, X } from './tinyModels.js';

const bytesOf = (values: ArrayLike<number>) => Buffer.from(Float32Array.from(values).buffer);

const rejection = async (promise: Promise<unknown>): Promise<MlhooksError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isMlhooksError(error) && error.code).toBe('E_MODEL');
  return error as MlhooksError;
};

const savedClassifier = async () => {
  const dir = tempDir();
  const file = join(dir, 'model.json');
  const model = await trainedClassifier();
  await saveModel(model, file);
  return { dir, file, model };
};

const LFS_POINTER = `version https://git-lfs.github.com/spec/v1
oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393
size 1234
`;

describe('LayersModel on disk', () => {
  it('saves and loads back bit for bit, predictions included', async () => {
    const { dir, file, model } = await savedClassifier();
    const loaded = await loadLayersModel(file);
    const before = model.getWeights().map((w) => bytesOf(w.dataSync()));
    const after = loaded.getWeights().map((w) => bytesOf(w.dataSync()));
    expect(after).toHaveLength(4);
    expect(after.map((bytes, i) => bytes.equals(before[i]!))).toEqual([true, true, true, true]);
    // The shard is exactly the weights, in manifest order.
    expect(readFileSync(join(dir, 'weights.bin')).equals(Buffer.concat(before))).toBe(true);
    const t = await tf();
    const x = t.tensor2d(X);
    expect(bytesOf((loaded.predict(x) as import('@tensorflow/tfjs').Tensor).dataSync())).toEqual(
      bytesOf((model.predict(x) as import('@tensorflow/tfjs').Tensor).dataSync()),
    );
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] });
    expect((await loadModel(file)).format).toBe('layers-model');
  });

  it('names a missing shard and the model.json that lists it', async () => {
    const { dir, file } = await savedClassifier();
    rmSync(join(dir, 'weights.bin'));
    const error = await rejection(loadLayersModel(file));
    expect(error.message).toBe(`${join(dir, 'weights.bin')}, listed in ${file}, does not exist`);
  });

  it('names a model.json that is not JSON', async () => {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    writeFileSync(file, '{"modelTopology": {"class_name": ');
    const error = await rejection(loadModel(file));
    expect(error.message).toMatch(new RegExp(`^${file} is not valid JSON: `));
    expect(error.hint).toMatch(/same export/);
  });

  it('names a shard whose size does not match the declared shapes', async () => {
    const { dir, file } = await savedClassifier();
    const shard = join(dir, 'weights.bin');
    truncateSync(shard, readFileSync(shard).length - 12);
    const error = await rejection(loadLayersModel(file));
    expect(error.message).toMatch(
      new RegExp(
        `^${shard} holds 512 bytes, but ${file} declares weights of 524 bytes \\(4 weights, first dense_Dense\\d+/kernel \\[4,16\\] float32\\): the shapes do not match the shards$`,
      ),
    );
  });

  it('names a model.json whose weight shapes do not fit its layers', async () => {
    const { file } = await savedClassifier();
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.weightsManifest[0].weights[0].shape = [16, 4]; // same bytes, transposed
    writeFileSync(file, JSON.stringify(json));
    const error = await rejection(loadLayersModel(file));
    expect(error.message).toBe(
      `${file}: the weights do not fit the model: Shape mismatch: [4,16] vs. [16,4]`,
    );
  });

  it('refuses a Git LFS pointer where the weights should be', async () => {
    const { dir, file } = await savedClassifier();
    writeFileSync(join(dir, 'weights.bin'), LFS_POINTER);
    const error = await rejection(loadModel(file));
    expect(error.message).toBe(
      `${join(dir, 'weights.bin')}: this is a Git LFS pointer (sha256:4d7a214614ab…, 1.2 kB), not the file: run \`git lfs pull\``,
    );
    expect(error.hint).toMatch(/git lfs pull/);
  });

  it('refuses a Git LFS pointer in place of model.json', async () => {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    writeFileSync(file, LFS_POINTER);
    const error = await rejection(loadModel(file));
    expect(error.message).toMatch(/model\.json: this is a Git LFS pointer .* run `git lfs pull`$/);
  });
});

// A converted graph, written by hand: softmax(x · W + b), W 2x3.
const W = [1, 2, 3, -1, 0, 1];
const B = [0.5, -0.5, 0];
const graphJson = {
  format: 'graph-model',
  generatedBy: 'hand',
  convertedBy: 'test',
  modelTopology: {
    node: [
      {
        name: 'x',
        op: 'Placeholder',
        attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } } },
      },
      {
        name: 'W',
        op: 'Const',
        attr: {
          dtype: { type: 'DT_FLOAT' },
          value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }, { size: '3' }] } } },
        },
      },
      {
        name: 'b',
        op: 'Const',
        attr: {
          dtype: { type: 'DT_FLOAT' },
          value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '3' }] } } },
        },
      },
      {
        name: 'MatMul',
        op: 'MatMul',
        input: ['x', 'W'],
        attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } },
      },
      { name: 'BiasAdd', op: 'BiasAdd', input: ['MatMul', 'b'], attr: { T: { type: 'DT_FLOAT' } } },
      { name: 'Identity', op: 'Softmax', input: ['BiasAdd'], attr: { T: { type: 'DT_FLOAT' } } },
    ],
    versions: { producer: 1 },
  },
  weightsManifest: [
    {
      paths: ['group1-shard1of1.bin'],
      weights: [
        { name: 'W', shape: [2, 3], dtype: 'float32' },
        { name: 'b', shape: [3], dtype: 'float32' },
      ],
    },
  ],
};

describe('GraphModel on disk', () => {
  it('loads a converted graph, runs it, and saves it back bit for bit', async () => {
    const dir = tempDir();
    const file = join(dir, 'model.json');
    writeFileSync(file, JSON.stringify(graphJson));
    writeFileSync(join(dir, 'group1-shard1of1.bin'), bytesOf([...W, ...B]));
    const t = await tf();
    const graph = await loadGraphModel(file);
    const x = t.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const out = (graph.predict(x) as import('@tensorflow/tfjs').Tensor).arraySync() as number[][];
    const expected = t
      .softmax(t.add(t.matMul(x, t.tensor2d(W, [2, 3])), t.tensor1d(B)))
      .arraySync() as number[][];
    for (const [i, row] of out.entries()) {
      for (const [j, v] of row.entries()) expect(v).toBeCloseTo(expected[i]![j]!, 6);
    }

    const copy = join(tempDir(), 'model.json');
    await saveModel(graph, copy);
    const reloaded = await loadModel(copy);
    expect(reloaded.format).toBe('graph-model');
    expect(readFileSync(join(copy, '..', 'weights.bin')).equals(bytesOf([...W, ...B]))).toBe(true);
    expect((reloaded.model.predict(x) as import('@tensorflow/tfjs').Tensor).arraySync()).toEqual(out);
  });
});

describe('a bare weights manifest (face-api)', () => {
  it('loads every named weight, dequantizing uint8 ones to float32', async () => {
    const manifest = join(
      ROOT,
      'node_modules/@vladmandic/face-api/model/face_expression_model-weights_manifest.json',
    );
    const weights = await loadWeights(manifest);
    const specs = JSON.parse(readFileSync(manifest, 'utf8'))[0].weights as {
      name: string;
      shape: number[];
      quantization?: { scale: number; min: number };
    }[];
    expect(Object.keys(weights)).toEqual(specs.map((s) => s.name));
    for (const spec of specs) expect(weights[spec.name]!.shape).toEqual(spec.shape);
    const fc = weights['fc/weights']!;
    expect(fc.shape).toEqual([256, 7]);
    expect(fc.dtype).toBe('float32');
    // A quantized weight takes only min + k * scale values.
    const quantized = specs.find((s) => s.quantization)!;
    const { min, scale } = quantized.quantization!;
    for (const v of weights[quantized.name]!.dataSync().slice(0, 50)) {
      expect(Math.abs((v - min) / scale - Math.round((v - min) / scale))).toBeLessThan(1e-3);
    }
  });
});
