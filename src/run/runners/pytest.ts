import { asPathArgs, type RunnerAdapter } from './types.js';

export const pytest: RunnerAdapter = {
  program: 'pytest',
  installHint:
    'install pytest: `pip install pytest` (or `apt-get install python3-pytest`), or set command: ["python", "-m", "pytest"] in the test group',
  npm: false,
  args: ({ group, tiers, files }) => {
    const marker = group.slow.marker;
    const only = tiers.length === 1 ? tiers[0] : null;
    const select = marker && only ? ['-m', only === 'fast' ? `not ${marker}` : marker] : [];
    // Exit 5 is "no tests collected": every test of the selected files was of the other tier.
    return { args: [...group.args, ...select, ...asPathArgs(files)], passCodes: [5] };
  },
};
