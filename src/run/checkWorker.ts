// A worker process that runs the checks of one model (its check module and its artifact checks)
// for the given tiers, prints a line per check, and writes the results as JSON for the parent.
// Usage: node checkWorker.js --model <name> --tier fast,slow [--result <file>]   (cwd: project root)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkArtifact } from '../checks/artifact/checkArtifact.js';
import { configureChecks } from '../checks/backend.js';
import type { CheckSuite } from '../checks/defineChecks.js';
import { type CheckResult, createCheckContext, runChecks } from '../checks/runCheck.js';
import { curveLine } from '../checks/sparkline.js';
import { findProject } from '../config/findProject.js';
import { loadConfig } from '../config/loadConfig.js';
import { getRepo } from '../git/getRepo.js';
import { formatDuration } from '../report/format.js';
import type { Tier } from '../types.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

const isSuite = (value: unknown): value is CheckSuite =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).every((key) => key === 'fast' || key === 'slow') &&
  Object.values(value).every(
    (checks) =>
      typeof checks === 'object' &&
      checks !== null &&
      Object.values(checks).every((f) => typeof f === 'function'),
  );

/** One line per result; a pass shows its curve when it has one. */
const report = (result: CheckResult) => {
  const took = formatDuration(result.durationMs);
  if (result.status === 'pass') {
    const losses = (result.evidence as { losses?: unknown } | null)?.losses;
    const curve =
      Array.isArray(losses) && losses.every((v) => typeof v === 'number')
        ? `  ${curveLine('loss', losses)}`
        : '';
    out(`✔ ${result.tier} ${result.name} · ${took}${curve}`);
    return;
  }
  out(`✖ ${result.tier} ${result.name} ${result.status === 'error' ? 'could not run' : 'failed'} · ${took}`);
  for (const line of (result.message ?? '').split('\n')) out(`    ${line}`);
  if (result.hint) out(`    fix: ${result.hint}`);
};

/** The check module's suite, or the error that kept it from loading, as a result. */
const loadSuite = async (root: string, file: string): Promise<CheckSuite | CheckResult> => {
  const failed = (message: string, hint: string | null): CheckResult => ({
    name: `load ${file}`,
    tier: 'fast',
    status: 'error',
    durationMs: 0,
    evidence: null,
    message,
    code: 'E_CONFIG',
    hint,
  });
  try {
    const mod = (await import(pathToFileURL(join(root, file)).href)) as { default?: unknown };
    if (isSuite(mod.default)) return mod.default;
    return failed(
      `${file} does not export default defineChecks({ fast: {...}, slow: {...} })`,
      'export default defineChecks({ fast: { name: async (ctx) => ... } }) from mlhooks/checks',
    );
  } catch (error) {
    const ts = /\.[cm]?ts$/.test(file);
    return failed(
      error instanceof Error ? (error.stack ?? error.message) : String(error),
      ts ? 'TypeScript check modules run through tsx: npm i -D tsx' : `fix ${file} so that it imports`,
    );
  }
};

const main = async (): Promise<number> => {
  const { values } = parseArgs({
    options: { model: { type: 'string' }, tier: { type: 'string' }, result: { type: 'string' } },
  });
  const cwd = process.cwd();
  const repo = getRepo(cwd);
  const { config } = await loadConfig(findProject(cwd, repo.root));
  const model = config.models.find((m) => m.name === values.model);
  if (!model) {
    out(`mlhooks: no model "${values.model}" in the config`);
    return 2;
  }
  const tiers = (values.tier ?? 'fast,slow')
    .split(',')
    .filter((t): t is Tier => t === 'fast' || t === 'slow');
  const controller = new AbortController();
  // SIGTERM (timeout) and SIGINT (Ctrl-C): stop the checks, and the servers they started, then exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort(signal);
      setTimeout(() => process.exit(130), 1000).unref();
    });
  }
  configureChecks({ logger: { info: (line) => out(`· ${line}`) } });

  const results: CheckResult[] = [];
  const add = (result: CheckResult) => {
    results.push(result);
    report(result);
  };
  let backend: string | null = null;
  const suite = model.checks ? await loadSuite(cwd, model.checks) : null;
  if (suite && 'status' in suite) add(suite as CheckResult);
  for (const tier of tiers) {
    if (!suite || 'status' in suite) break;
    const context = await createCheckContext({
      cwd,
      signal: controller.signal,
      log: (line) => out(`  ${line}`),
    });
    backend = `${context.backend.name}${context.backend.simd ? ' SIMD' : ''}`;
    for (const name of Object.keys(suite[tier] ?? {})) {
      if (controller.signal.aborted) break;
      for (const result of await runChecks(suite, tier, context, [name])) add(result);
    }
  }
  if (model.artifact && !controller.signal.aborted) {
    // One pass over the artifact for both tiers: the model loads once.
    const tier = tiers.length === 1 ? tiers[0]! : 'all';
    const artifact = await checkArtifact(model.artifact, { cwd, tier, signal: controller.signal });
    backend ??= artifact.backend;
    for (const result of artifact.results) add({ ...result, name: `artifact ${result.name}` });
  }
  if (values.result) writeFileSync(values.result, JSON.stringify({ model: model.name, tiers, results }));
  const failed = results.filter((r) => r.status === 'fail').length;
  const errored = results.filter((r) => r.status === 'error').length;
  const passed = results.length - failed - errored;
  out(
    `${passed} passed${failed ? `, ${failed} failed` : ''}${errored ? `, ${errored} could not run` : ''} (model ${model.name}, ${tiers.join('+')}${backend ? `, TensorFlow.js on ${backend}` : ''})`,
  );
  if (results.length === 0) out(`model ${model.name} has no ${tiers.join(' or ')} checks`);
  return failed > 0 ? 1 : errored > 0 ? 3 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as { message?: string; hint?: string; stack?: string };
    out(`mlhooks: ${e.message ?? String(error)}${e.hint ? `\n  ${e.hint}` : ''}`);
    if (!e.hint && e.stack) out(e.stack);
    process.exit(3);
  },
);
