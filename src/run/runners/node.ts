import { type RunnerAdapter, asPathArgs } from './types.js';

export const node: RunnerAdapter = {
  program: 'node',
  installHint: 'install Node.js',
  npm: false,
  args: ({ group, files }) => ({ args: ['--test', ...group.args, ...asPathArgs(files)], passCodes: [] }),
};
