import { asPathArgs, type RunnerAdapter } from './types.js';

export const jest: RunnerAdapter = {
  program: 'jest',
  installHint: 'run `npm i -D jest` in the project',
  npm: true,
  // --runTestsByPath: the files are paths, not regular expressions.
  args: ({ group, files }) => ({
    args: [...group.args, '--runTestsByPath', ...asPathArgs(files)],
    passCodes: [],
  }),
};
