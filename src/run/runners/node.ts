import { asPathArgs, type RunnerAdapter } from './types.js';

export const node: RunnerAdapter = {
  program: 'node',
  installHint: 'install Node.js',
  npm: false,
  // spec: a failure reads as a sentence, not as TAP (node 20's default when output is a pipe).
  args: ({ group, files }) => ({
    args: [
      '--test',
      ...(group.args.some((arg) => arg.startsWith('--test-reporter')) ? [] : ['--test-reporter=spec']),
      ...group.args,
      ...asPathArgs(files),
    ],
    passCodes: [],
  }),
};
