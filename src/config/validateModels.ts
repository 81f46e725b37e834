import type { ArtifactSpec } from '../checks/artifact/checkArtifact.js';
import { type Checker, isObject } from './checker.js';
import { DEFAULT_TIMEOUT_SECONDS } from './defaults.js';
import type { ResolvedModel } from './types.js';

const MODEL_KEYS = ['inputs', 'tests', 'checks', 'artifact', 'timeout'];
const ARTIFACT_KEYS = ['path', 'labels', 'examples', 'minAgreement', 'expectOutputs', 'outputs', 'server'];
const RULE_KEYS = ['input', 'name', 'output', 'atLeast', 'atMost', 'top'];
const SERVER_KEYS = [
  'command',
  'cwd',
  'env',
  'port',
  'ready',
  'request',
  'batch',
  'examples',
  'readyTimeoutMs',
  'requestTimeoutMs',
];

const isNumbers = (value: unknown): boolean =>
  typeof value === 'number' || (Array.isArray(value) && value.length > 0 && value.every(isNumbers));

const validateInput = (c: Checker, value: unknown, field: string) => {
  if (typeof value === 'string') c.path(value, field);
  else if (!isNumbers(value))
    c.fail(field, 'a JSON file of numbers (relative to the project root) or the numbers', value);
};

const validateArtifact = (c: Checker, value: unknown, at: string): ArtifactSpec | null => {
  if (!isObject(value)) {
    c.fail(at, 'an object like { path: "models/x/model.json", labels: [...], examples: [...] }', value);
    return null;
  }
  c.keys(value, ARTIFACT_KEYS, `${at}.`);
  const path = c.path(value.path, `${at}.path`);
  if (value.path === undefined)
    c.error(`${at}.path`, 'missing; give the model.json of the model (weight shards beside it)');
  const labels = c.strings(value.labels, `${at}.labels`);
  if (labels && new Set(labels).size !== labels.length) c.error(`${at}.labels`, 'a label appears twice');
  const labelOk = (label: unknown, field: string) => {
    if (typeof label === 'number' ? !Number.isInteger(label) || label < 0 : typeof label !== 'string')
      c.fail(field, 'a label name or a class index', label);
    else if (typeof label === 'string' && labels && !labels.includes(label))
      c.error(field, `"${label}" is not one of labels (${labels.join(', ')})`);
  };
  if (value.examples !== undefined) {
    if (!Array.isArray(value.examples))
      c.fail(`${at}.examples`, 'an array of { input, label }', value.examples);
    else
      value.examples.forEach((example, i) => {
        const field = `${at}.examples[${i}]`;
        if (!isObject(example)) {
          c.fail(field, 'an object { input, label }', example);
          return;
        }
        c.keys(example, ['input', 'label'], `${field}.`);
        validateInput(c, example.input, `${field}.input`);
        labelOk(example.label, `${field}.label`);
      });
  }
  if (
    value.minAgreement !== undefined &&
    (typeof value.minAgreement !== 'number' || !(value.minAgreement > 0 && value.minAgreement <= 1))
  ) {
    c.fail(`${at}.minAgreement`, 'a share between 0 and 1, e.g. 0.9', value.minAgreement);
  }
  if (value.expectOutputs !== undefined) {
    if (!Array.isArray(value.expectOutputs))
      c.fail(
        `${at}.expectOutputs`,
        'an array of { input, output, atLeast | atMost | top }',
        value.expectOutputs,
      );
    else
      value.expectOutputs.forEach((rule, i) => {
        const field = `${at}.expectOutputs[${i}]`;
        if (!isObject(rule)) {
          c.fail(field, 'an object like { input: "x.json", output: "unsafe", atLeast: 0.99 }', rule);
          return;
        }
        c.keys(rule, RULE_KEYS, `${field}.`);
        validateInput(c, rule.input, `${field}.input`);
        if (rule.atLeast === undefined && rule.atMost === undefined && rule.top === undefined)
          c.error(field, 'give atLeast, atMost or top');
        for (const bound of ['atLeast', 'atMost'] as const) {
          if (rule[bound] !== undefined && typeof rule[bound] !== 'number')
            c.fail(`${field}.${bound}`, 'a number', rule[bound]);
        }
        if (rule.output !== undefined) labelOk(rule.output, `${field}.output`);
        if (rule.top !== undefined) labelOk(rule.top, `${field}.top`);
      });
  }
  if (value.outputs !== undefined && value.outputs !== 'probabilities' && value.outputs !== 'logits') {
    c.fail(`${at}.outputs`, '"probabilities" or "logits"', value.outputs);
  }
  if (value.server !== undefined) {
    const s = value.server;
    if (!isObject(s)) c.fail(`${at}.server`, 'an object { command, examples, ready?, request? }', s);
    else {
      c.keys(s, SERVER_KEYS, `${at}.server.`);
      c.argv(s.command, `${at}.server.command`);
      if (s.command === undefined)
        c.error(
          `${at}.server.command`,
          'missing; give the command that starts the server, e.g. ["python", "serve.py", "--port", "{port}"]',
        );
      if (
        !Array.isArray(s.examples) ||
        s.examples.length === 0 ||
        s.examples.some((e) => !isObject(e) || e.body === undefined)
      ) {
        c.fail(`${at}.server.examples`, 'a non-empty array of { body, expect? }', s.examples);
      }
      if (s.cwd !== undefined) c.path(s.cwd, `${at}.server.cwd`);
      for (const key of ['port', 'readyTimeoutMs', 'requestTimeoutMs'] as const) {
        if (s[key] !== undefined && (typeof s[key] !== 'number' || !((s[key] as number) > 0)))
          c.fail(`${at}.server.${key}`, 'a positive number', s[key]);
      }
    }
  }
  return path ? (value as unknown as ArtifactSpec) : null;
};

/** The files a model's checks read besides its inputs: the check module, the weights, the examples. */
const checkFiles = (checks: string | null, artifact: ArtifactSpec | null): string[] => {
  const files: string[] = checks ? [checks] : [];
  if (artifact) {
    const dir = artifact.path.includes('/') ? artifact.path.slice(0, artifact.path.lastIndexOf('/')) : '';
    files.push(...(dir ? [`${dir}/**`] : [artifact.path, '*.bin']));
    for (const example of [...(artifact.examples ?? []), ...(artifact.expectOutputs ?? [])]) {
      if (typeof example.input === 'string') files.push(example.input);
    }
  }
  return files;
};

export const validateModels = (c: Checker, raw: unknown): ResolvedModel[] => {
  const models: ResolvedModel[] = [];
  if (raw === undefined) return models;
  if (!isObject(raw)) {
    c.fail('models', 'an object of models by name, e.g. { sentiment: { inputs: [...] } }', raw);
    return models;
  }
  for (const [name, value] of Object.entries(raw)) {
    const at = `models.${name}`;
    if (!isObject(value)) {
      c.fail(
        at,
        'an object like { inputs: ["src/model/**", "data/**"], tests: ["tests/test_model.py"] }',
        value,
      );
      continue;
    }
    c.keys(value, MODEL_KEYS, `${at}.`);
    const inputs = c.paths(value.inputs, `${at}.inputs`, { nonEmpty: true });
    if (value.inputs === undefined)
      c.error(`${at}.inputs`, "missing; give globs of the model's code, data, weights and configs");
    const tests = c.paths(value.tests, `${at}.tests`) ?? [];
    const checks = c.path(value.checks, `${at}.checks`);
    if (checks && !/\.check\.(?:mjs|js|ts|mts)$/.test(checks)) {
      c.error(
        `${at}.checks`,
        `"${checks}" should be a check module named *.check.mjs (or .js, .ts) that exports defineChecks({ fast, slow })`,
      );
    }
    const artifact =
      value.artifact === undefined ? null : validateArtifact(c, value.artifact, `${at}.artifact`);
    const timeoutMs = c.timeout(value.timeout, `${at}.timeout`, DEFAULT_TIMEOUT_SECONDS);
    if (inputs)
      models.push({
        name,
        inputs,
        tests,
        checks,
        artifact,
        timeoutMs,
        checkFiles: checkFiles(checks, artifact),
      });
  }
  return models;
};
