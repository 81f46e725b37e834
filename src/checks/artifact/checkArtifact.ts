import { resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { MlhooksError } from '../../errors.js';
import type { Tier } from '../../types.js';
import { backendOf, tensorflow } from '../backend.js';
import type { OutputRule } from '../expectation.js';
import { finite } from '../fast/finite.js';
import { outputRange } from '../fast/outputRange.js';
import { outputShape } from '../fast/outputShape.js';
import { loadModel } from '../io/modelIO.js';
import { type CheckResult, runCheck } from '../runCheck.js';
import { expectOutputs } from '../slow/expectOutputs.js';
import { labelMapping } from '../slow/labelMapping.js';
import { type ServerServesOptions, serverServes } from '../slow/serverServes.js';
import type { BackendName, Numbers } from '../types.js';
import { loadInput } from './loadInput.js';

/** Checks on a model artifact, from plain data (a model's `artifact` in mlhooks.config.mjs). */
export interface ArtifactSpec {
  /** The model.json of a LayersModel or a GraphModel (weight shards beside it). */
  path: string;
  /** Class names, in the order the code using the model assumes. */
  labels?: readonly string[];
  /** Inputs of known meaning: a JSON file holding the numbers, or the numbers. */
  examples?: readonly { input: string | Numbers; label: string | number }[];
  /** Share of examples that must land on their class (default 1). */
  minAgreement?: number;
  /** Thresholds: `{ input: 'x.json', output: 'unsafe', atLeast: 0.99 }`. */
  expectOutputs?: readonly (OutputRule & { input: string | Numbers; name?: string })[];
  /** What the outputs are (default probabilities when labels are given, else logits). */
  outputs?: 'probabilities' | 'logits';
  /** The real model server, started and asked in the slow tier. */
  server?: Omit<ServerServesOptions, 'signal' | 'check'>;
}

export interface ArtifactOptions {
  /** Paths in the spec are relative to this (default: the current directory). */
  cwd?: string;
  /** Which checks: fast (load, shape, finite, range), slow (labels, outputs, server), or all (default). */
  tier?: Tier | 'all';
  signal?: AbortSignal;
}

export interface ArtifactReport {
  path: string;
  backend: BackendName | null;
  /** No check failed or errored. */
  ok: boolean;
  results: CheckResult[];
}

// The examples as one batch; without examples, zeros the model accepts (unknown sizes as 1).
const batchFor = (
  tf: typeof tfjs,
  model: tfjs.LayersModel | tfjs.GraphModel,
  inputs: Numbers[],
): tfjs.Tensor | null => {
  if (inputs.length > 0) {
    try {
      return tf.tidy(() => tf.stack(inputs.map((input) => tf.tensor(input as number[]))));
    } catch (error) {
      throw new MlhooksError(
        'E_CONFIG',
        `the inputs of examples and expectOutputs must all have one shape: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const shape = (model.inputs[0] as { shape?: (number | null)[] } | undefined)?.shape;
  if (!shape) return null;
  return tf.zeros(shape.map((size) => (size === null || size < 0 ? 1 : size)));
};

/**
 * Runs the artifact checks of one model. Each check's outcome is a result, never a throw; only a
 * spec whose example inputs are missing or malformed throws (MlhooksError E_CONFIG).
 */
export const checkArtifact = async (
  spec: ArtifactSpec,
  options: ArtifactOptions = {},
): Promise<ArtifactReport> => {
  const cwd = options.cwd ?? process.cwd();
  const tier = options.tier ?? 'all';
  const results: CheckResult[] = [];
  const wants = (t: Tier) => tier === 'all' || tier === t;
  const report = (backend: BackendName | null): ArtifactReport => ({
    path: spec.path,
    backend,
    ok: results.every((r) => r.status === 'pass'),
    results,
  });

  // Config mistakes (a missing example file) first: they need no model.
  const examples = await Promise.all(
    (spec.examples ?? []).map(async (e, i) => ({
      input: await loadInput(e.input, cwd, `examples[${i}].input`),
      label: e.label,
    })),
  );
  const rules = await Promise.all(
    (spec.expectOutputs ?? []).map(async (rule, i) => ({
      ...rule,
      input: await loadInput(rule.input, cwd, `expectOutputs[${i}].input`),
    })),
  );

  let loaded: Awaited<ReturnType<typeof loadModel>> | undefined;
  const needsModel = wants('fast') || spec.examples?.length || spec.expectOutputs?.length;
  if (needsModel) {
    const load = await runCheck('load', wants('fast') ? 'fast' : 'slow', async () => {
      loaded = await loadModel(resolve(cwd, spec.path));
      return {
        check: 'load',
        format: loaded.format,
        inputs: loaded.model.inputs.map((i) => i.shape),
        outputs: loaded.model.outputs.map((o) => o.shape),
      };
    });
    results.push(load);
    if (!loaded) return report(null);
  }
  // Loaded already when a model is; a server-only spec never loads TensorFlow.js.
  const { tf } = loaded ? await tensorflow() : { tf: null };
  const model = loaded?.model;
  const labels = spec.labels ?? [];
  if (tf && model && wants('fast')) {
    const batch = batchFor(
      tf,
      model,
      [...examples, ...rules].map((e) => e.input),
    );
    if (batch) {
      // Two labels on one sigmoid score is a binary classifier, not a mismatch.
      const width = model.outputs[0]?.shape?.at(-1);
      const binary = labels.length === 2 && width === 1;
      if (labels.length > 0) {
        const expected = [null, binary ? 1 : labels.length];
        results.push(
          await runCheck('outputShape', 'fast', () => outputShape({ model, input: batch, expected })),
        );
      }
      results.push(await runCheck('finite', 'fast', () => finite({ model, input: batch })));
      const range = spec.outputs
        ? { kind: spec.outputs }
        : binary
          ? { min: 0, max: 1 }
          : { kind: labels.length > 0 ? ('probabilities' as const) : ('logits' as const) };
      results.push(
        await runCheck('outputRange', 'fast', () => outputRange({ model, input: batch, ...range })),
      );
      batch.dispose();
    }
  }
  if (wants('slow')) {
    if (model && examples.length > 0 && labels.length > 0) {
      results.push(
        await runCheck('labelMapping', 'slow', () =>
          labelMapping({ model, labels, examples, minAgreement: spec.minAgreement }),
        ),
      );
    }
    if (model && rules.length > 0) {
      results.push(
        await runCheck('expectOutputs', 'slow', () => expectOutputs({ model, labels, examples: rules })),
      );
    }
    if (spec.server) {
      const server = spec.server;
      results.push(
        await runCheck('serverServes', 'slow', () =>
          serverServes({ cwd, ...server, signal: options.signal }),
        ),
      );
    }
  }
  return report(tf ? backendOf(tf) : null);
};
