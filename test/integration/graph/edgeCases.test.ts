import { afterEach, describe, expect, it } from 'vitest';
import { GRAPH_CASES } from '../../fixtures/graphCases.mjs';
import { makeRepo, type TempRepo } from '../../helpers/gitRepo.js';
import { selectWithGraph } from './selectGraph.js';

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});

// One real repo per case of issue 4, the change staged as for a commit: the exact selection.
describe('import graph edge cases (pre-commit, staged change)', () => {
  for (const c of GRAPH_CASES) {
    it(`${c.group}: ${c.title}`, async () => {
      const repo = makeRepo(c.files);
      repos.push(repo);
      if (c.change.modify) repo.write(c.change.modify);
      for (const path of c.change.delete ?? []) repo.git(['rm', '-q', path]);
      for (const [from, to] of Object.entries(c.change.rename ?? {})) repo.git(['mv', from, to]);
      repo.git(['add', '-A']);
      const selection = await selectWithGraph(repo.root, { always: c.always });
      expect(selection.tests.map((t) => t.path)).toEqual(c.expected);
      if (c.chain) expect(selection.tests[0]?.reasons).toContain(c.chain);
    });
  }
});
