import { asPathArgs, type RunnerAdapter } from './types.js';

export const command: RunnerAdapter = {
  program: '',
  installHint: 'check the command in the test group',
  npm: false,
  args: ({ group, files }) => ({ args: [...group.args, ...asPathArgs(files)], passCodes: [] }),
};
