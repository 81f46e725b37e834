import { asPathArgs, type RunnerAdapter } from './types.js';

export const vitest: RunnerAdapter = {
  program: 'vitest',
  installHint: 'run `npm i -D vitest` in the project',
  npm: true,
  // `run`: never start watch mode inside a hook.
  args: ({ group, files }) => ({ args: ['run', ...group.args, ...asPathArgs(files)], passCodes: [] }),
};
