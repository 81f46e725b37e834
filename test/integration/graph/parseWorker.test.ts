import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listIndexBlobs, listTreeBlobs } from '../../../src/git/listBlobs.js';
import { type EarlyScan, sendEarlyJob } from '../../../src/selectors/graph/earlyScan.js';
import { loadFacts } from '../../../src/selectors/graph/graphCaches.js';
import { type GraphState, loadGraphState } from '../../../src/selectors/graph/loadGraphState.js';
import { startParseWorker } from '../../../src/selectors/graph/parseInWorker.js';
import { inProject } from '../../../src/selectors/graph/planScan.js';
import type { ResolvedFile } from '../../../src/selectors/graph/resolveFile.js';
import { ROOT } from '../../helpers/cli.js';
import { makeRepo, type TempRepo, tempDir } from '../../helpers/gitRepo.js';

// The worker runs from the built CLI's file (the integration setup builds it first).
/** The facts cache on disk, packed as it is read (and as a graph state holds its facts). */
const savedFacts = (gitDir: string) => loadFacts(gitDir).value;

const WORKER = pathToFileURL(join(ROOT, 'dist', 'parseWorker.cjs'));

const repos: TempRepo[] = [];
const dirs: string[] = [];
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const scratch = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

const FILES = {
  'package.json': '{ "name": "app", "imports": { "#lib/*": "./src/lib/*.ts" } }\n',
  'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }\n',
  'src/lib/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'src/model.ts':
    "import { add } from '#lib/math';\nimport type { X } from '@/types';\nexport const load = () => fetch(new URL('../data/w.bin', import.meta.url));\n",
  'src/types.ts': 'export type X = number;\n',
  'src/view.tsx': "import { load } from './model';\nexport const V = () => <div>{String(load)}</div>;\n",
  'src/plugins.ts': "export const plugin = (name: string) => import('./plugins/' + name);\n",
  'data/w.bin': 'weights',
  'pkg/__init__.py': '',
  'pkg/train.py': "from . import util\nfrom pathlib import Path\nDATA = Path('data') / 'w.bin'\n",
  'pkg/util.py': 'import pkg.train\n',
  'tests/test_train.py': 'from pkg.train import DATA\n',
  'test/model.test.ts': "import { load } from '../src/model';\n",
  'broken.ts': 'export const x = {;\n',
};

// More files than one message of the worker holds.
const MANY = Object.fromEntries(
  Array.from({ length: 300 }, (_, k) => [
    `src/gen/g${k}.ts`,
    `import '../model';\nexport const g${k} = ${k};\n`,
  ]),
);

/** The real worker, which ends its thread right after its first message of facts. */
const halfwayWorker = () => {
  const file = join(scratch(), 'halfway.cjs');
  writeFileSync(
    file,
    `const { parentPort } = require('node:worker_threads');
const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (reply) => { post(reply); if ('facts' in reply) process.exit(3); };
require(${JSON.stringify(fileURLToPath(WORKER))});
`,
  );
  return pathToFileURL(file);
};

const load = (root: string, worker: ReturnType<typeof startParseWorker>) =>
  loadGraphState({
    repoRoot: root,
    gitDir: join(root, '.git'),
    entries: listIndexBlobs(root),
    facts: new Map(),
    worker,
  });

/** The graph state of a job sent ahead, as a cold build loads it (one file at a time with `onFile`). */
const loadEarly = (
  root: string,
  gitDir: string,
  early: EarlyScan,
  onFile?: (path: string, file: ResolvedFile) => void,
) =>
  loadGraphState({
    repoRoot: root,
    gitDir,
    entries: early.entries,
    facts: new Map(),
    worker: early.worker,
    plan: early.plan,
    ...(onFile ? { onFile } : {}),
  });

const edgesOf = (state: GraphState) => Object.fromEntries(state.files);

describe('scanning in the parse worker', () => {
  it('gives the same graph and facts as scanning in this thread', async () => {
    const r = makeRepo(FILES);
    repos.push(r);
    const here = await load(r.root, null);
    const worker = startParseWorker(r.root, WORKER);
    expect(worker).not.toBeNull();
    const there = await load(r.root, worker);
    expect(there.parsed).toBe(here.parsed);
    expect(edgesOf(there)).toEqual(edgesOf(here));
    expect(there.facts).toEqual(here.facts);
    // Nothing was cached: the worker wrote the facts cache too.
    expect(await there.factsSaved).toEqual({ failure: null });
    expect(savedFacts(join(r.root, '.git'))).toEqual(here.facts);
    expect(edgesOf(here)['src/model.ts']!.edges).toEqual(
      expect.arrayContaining([
        ['src/lib/math.ts', 'import'],
        ['src/types.ts', 'import type'],
        ['data/w.bin', 'new URL'],
      ]),
    );
  });

  it('sent its job ahead (a cold run), scans all of the listed code while the caller does other work', async () => {
    const r = makeRepo({
      ...FILES,
      'sub/x.ts': "import '../src/model';\n",
      'sub/package.json': '{}',
      // A blob at two paths in one language, and one (empty, like pkg/__init__.py) in two.
      'sub/twin.ts': "import '../src/model';\n",
      'src/empty.ts': '',
    });
    repos.push(r);
    r.git(['mv', 'src/types.ts', 'src/kinds.ts']);
    for (const [head, prefix] of [
      [null, ''],
      [r.git(['rev-parse', 'HEAD']).trim(), ''],
      [null, 'sub/'],
    ] as const) {
      const entries = inProject(head ? listTreeBlobs(r.root, head) : listIndexBlobs(r.root), prefix);
      const here = await loadGraphState({ repoRoot: r.root, gitDir: '', entries, facts: new Map() });
      const gitDir = scratch();
      const early = sendEarlyJob(startParseWorker(r.root, WORKER)!, {
        repoRoot: r.root,
        gitDir,
        prefix,
        base: null,
        head,
      });
      expect(early?.entries).toEqual(entries);
      // At work already: what it sends before it is asked waits.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const there = await loadEarly(r.root, gitDir, early!);
      expect(there.parsed).toBe(here.parsed);
      expect(edgesOf(there)).toEqual(edgesOf(here));
      expect(there.facts).toEqual(here.facts);
      expect(await there.factsSaved).toEqual({ failure: null });
      expect(savedFacts(gitDir)).toEqual(here.facts);
    }
  });

  it('falls back to this thread for what a failing worker did not send', async () => {
    const r = makeRepo(FILES);
    repos.push(r);
    const here = await load(r.root, null);
    const crashing = join(scratch(), 'crash.cjs');
    writeFileSync(
      crashing,
      "require('node:worker_threads').parentPort.once('message', () => process.exit(3));\n",
    );
    const failed = await load(r.root, startParseWorker(r.root, pathToFileURL(crashing)));
    expect(edgesOf(failed)).toEqual(edgesOf(here));
    expect(failed.facts).toEqual(here.facts);
  });

  it("taken one file at a time (a cold build), keeps no file and drops each one's facts, even when it fails half way", async () => {
    // More files than one message of the worker holds, two of them with the same content.
    const same = "import { load } from '../model';\n";
    const r = makeRepo({ ...FILES, ...MANY, 'src/twin/a.ts': same, 'src/twin/b.ts': same });
    repos.push(r);
    const here = await load(r.root, null);
    for (const file of [WORKER, halfwayWorker()]) {
      const taken = new Map<string, ResolvedFile>();
      const state = await loadGraphState({
        repoRoot: r.root,
        gitDir: join(r.root, '.git'),
        entries: listIndexBlobs(r.root),
        facts: new Map(),
        worker: startParseWorker(r.root, file),
        onFile: (path, resolved) => taken.set(path, resolved),
      });
      expect(Object.fromEntries(taken)).toEqual(edgesOf(here));
      // Each blob scanned once: after a failure, only what had not come (not what was dropped).
      expect(state.parsed).toBe(here.parsed);
      expect(state.files.size).toBe(0);
      expect(state.factsDropped).toBe(true);
      if (file === WORKER) {
        // Only the shared content's facts are left; the cache the worker wrote holds them all.
        expect([...state.facts.keys()]).toEqual([`${r.git(['rev-parse', 'HEAD:src/twin/a.ts']).trim()}:js`]);
        expect(await state.factsSaved).toEqual({ failure: null });
        expect(savedFacts(join(r.root, '.git'))).toEqual(here.facts);
      } else expect(await state.factsSaved).toBeNull();
    }
  });

  it('sent its job ahead and taken one file at a time (a cold build): the facts go by place, with no key made, even when it fails half way', async () => {
    // Every blob at one path: the plan says where each place of the job goes.
    const r = makeRepo({ ...FILES, 'pkg/__init__.py': '# the package\n', ...MANY });
    repos.push(r);
    const here = await load(r.root, null);
    for (const file of [WORKER, halfwayWorker()]) {
      const gitDir = scratch();
      const early = sendEarlyJob(startParseWorker(r.root, file)!, {
        repoRoot: r.root,
        gitDir,
        prefix: '',
        base: null,
        head: null,
      });
      expect(early!.plan.codeAtPlace).toBeDefined();
      const taken = new Map<string, ResolvedFile>();
      const state = await loadEarly(r.root, gitDir, early!, (path, resolved) => taken.set(path, resolved));
      expect(Object.fromEntries(taken)).toEqual(edgesOf(here));
      // Each blob scanned once: after a failure, only what had not come. None is kept.
      expect(state.parsed).toBe(here.parsed);
      expect(state.facts.size).toBe(0);
      if (file === WORKER) {
        expect(await state.factsSaved).toEqual({ failure: null });
        expect(savedFacts(gitDir)).toEqual(here.facts);
      } else expect(await state.factsSaved).toBeNull();
    }
  });

  it('is not started where its file is missing (the sources run in tests)', () => {
    expect(startParseWorker('/', pathToFileURL(join(scratch(), 'none.cjs')))).toBeNull();
  });
});
