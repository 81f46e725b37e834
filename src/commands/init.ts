import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONFIG_FILES, jsGroup, PYTEST_GROUP } from '../config/defaults.js';
import { findProject } from '../config/findProject.js';
import { dependsOn, type JsRunner, jsRunnerOf } from '../config/jsRunner.js';
import type { TestGroupConfig } from '../config/types.js';
import { MlhooksError } from '../errors.js';
import { listFiles } from '../git/listFiles.js';
import { locateRepo } from '../project.js';
import { createColors } from '../report/format.js';
import type { Out } from '../report/terminal.js';

/** The text of a starting config for what the repo holds: its test runners and a model to fill in. */
export const configText = ({
  files,
  pkg,
  js,
  importable,
}: {
  files: string[];
  pkg: Record<string, unknown> | null;
  js: JsRunner;
  importable: boolean;
}): string => {
  const list = (globs: readonly string[]) => `[${globs.map((glob) => `'${glob}'`).join(', ')}]`;
  // The same globs as with no config, written out to be edited.
  const groupLine = ({ runner, include, exclude, slow }: TestGroupConfig) =>
    `    { runner: '${runner}', include: ${list(include)}, exclude: ${list(exclude ?? [])}, slow: ${
      slow && 'marker' in slow
        ? `{ marker: '${slow.marker}' }`
        : `{ include: ${list((slow as { include: string[] }).include)} }`
    } },`;
  const groups: string[] = [];
  if (files.some((f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f))) groups.push(groupLine(PYTEST_GROUP));
  if (files.some((f) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(f)) || pkg) groups.push(groupLine(jsGroup(js)));
  const head = importable
    ? "import { defineConfig } from 'mlhooks';\n\nexport default defineConfig({"
    : '// mlhooks is not a dependency here: a plain object (see the mlhooks README).\nexport default {';
  return `${head}
${
  groups.length > 0
    ? `  // Test groups: fast tests run on commit, slow ones (real model) on push and merge.
  tests: [
${groups.join('\n')}
  ],`
    : `  // No tests found yet: without a \`tests\` list, pytest and JS/TS test names are found as they come.
  // tests: [{ runner: 'pytest', include: ['tests/**/test_*.py'], slow: { marker: 'slow' } }],`
}
  // Models and what they are made of: a change to code, data, weights or configs runs their tests.
  models: {
    // sentiment: {
    //   inputs: ['src/sentiment/**', 'data/sentiment/**', 'models/sentiment/**'],
    //   tests: ['tests/test_sentiment*.py'],
    // },
  },
  // Files whose change runs every test (lockfiles, conftest.py, tsconfig are built in).
  always: [],
}${importable ? ')' : ''};
`;
};

/** Writes mlhooks.config.mjs for the project, never over an existing config. */
export const init = ({ cwd, out, color }: { cwd: string; out: Out; color: boolean }): number => {
  const c = createColors(color);
  const { repo, cwd: real } = locateRepo(cwd);
  const location = findProject(real, repo.root);
  const existing = CONFIG_FILES.map((name) => join(location.root, name)).find((file) => existsSync(file));
  if (existing) {
    throw new MlhooksError(
      'E_USAGE',
      `${relative(real, existing) || existing} already exists; init does not overwrite it.`,
      {
        hint: 'Edit it, or delete it to start again.',
      },
    );
  }
  let pkg: Record<string, unknown> | null = null;
  if (location.hasPackageJson) {
    pkg = JSON.parse(readFileSync(join(location.root, 'package.json'), 'utf8')) as Record<string, unknown>;
  }
  const file = join(location.root, 'mlhooks.config.mjs');
  writeFileSync(
    file,
    configText({
      files: listFiles(location.root),
      pkg,
      js: jsRunnerOf(pkg, location.root),
      importable: dependsOn(pkg, 'mlhooks'),
    }),
  );
  out.write(`${c.green('✔')} wrote ${relative(real, file) || file}\n`);
  out.write(
    c.dim(
      `Next: fill in your models, \`git add ${relative(real, file) || file}\` (hooks use the config of what they test), check with \`mlhooks affected --explain\`, then \`mlhooks install\`.\n`,
    ),
  );
  return 0;
};
