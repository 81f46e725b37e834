import { parseArgs } from 'node:util';
import { runStage } from './commands/run.js';
import { isMlhooksError, MlhooksError } from './errors.js';
import { getRepo } from './git/getRepo.js';
import { crashed, SKIPPED, VERSION_HELP } from './messages.js';
import { createColors, wantsColor } from './report/format.js';
import { refuseLeftover } from './run/envelope/findLeftover.js';
import { STAGES, type Stage, TIERS, type Tier } from './types.js';

// The hook path (`run`) is imported statically: node's ESM loader costs more per module than per
// kilobyte, so one file starts faster than a chain of chunks. Everything heavy — execa, lint-staged,
// husky, the other commands — is still loaded on demand.

const OPTIONS = {
  base: { type: 'string' },
  head: { type: 'string' },
  stage: { type: 'string' },
  tier: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  prepare: { type: 'boolean' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  run: ['base', 'head', 'tier', 'no-cache'],
  ci: ['base', 'head', 'tier', 'no-cache'],
  checks: ['tier', 'no-cache'],
  affected: ['stage', 'base', 'head', 'tier', 'json', 'explain'],
  install: ['prepare'],
  uninstall: [],
  doctor: [],
  restore: [],
  init: [],
};

const usage = (message: string, hint = 'See `mlhooks --help`.') =>
  new MlhooksError('E_USAGE', message, { hint });

const readStdin = async (): Promise<string | null> => {
  if (process.stdin.isTTY) return null;
  const { readFileSync } = process.getBuiltinModule('node:fs') as typeof import('node:fs');
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
};

const parseTiers = (values: string[] | undefined): Tier[] | undefined => {
  if (!values) return undefined;
  const tiers = values.flatMap((value) => value.split(','));
  const unknown = tiers.find((tier) => !TIERS.includes(tier as Tier));
  if (unknown) throw usage(`--tier "${unknown}" is not a tier: use fast or slow.`);
  return [...new Set(tiers as Tier[])];
};

const checkRef = (name: string, ref: string | undefined) => {
  if (ref !== undefined && (ref === '' || ref.startsWith('-')))
    throw usage(`--${name} needs a ref, found "${ref}".`);
  return ref;
};

/**
 * Ctrl-C, SIGTERM and SIGHUP abort the run instead of killing mlhooks, so that it stops its test
 * processes and puts the work tree back before it exits; a second signal only says it is busy.
 */
const abortOnSignals = (stream: NodeJS.WriteStream, color: boolean, what: string): AbortSignal => {
  const controller = new AbortController();
  const c = createColors(color);
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(name, () => {
      stream.write(
        controller.signal.aborted
          ? `${c.yellow('■')} still finishing, one moment…\n`
          : `\n${c.yellow('■')} ${name}: ${what}…\n`,
      );
      controller.abort(name);
    });
  }
  return controller.signal;
};

/** Parses the command line, runs one command, and returns the exit code: the only place errors become exit codes. */
export const main = async (argv: string[]): Promise<number> => {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    if (values.version) {
      const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
      process.stdout.write(
        `${(createRequire(import.meta.url)('../package.json') as { version: string }).version}\n`,
      );
      return 0;
    }
    if (values.help || !command || command === 'help') {
      process.stdout.write(`${VERSION_HELP}\n`);
      return command || values.help ? 0 : 2;
    }
    const allowed = ALLOWED[command];
    if (!allowed) throw usage(`unknown command "${command}".`);
    for (const key of Object.keys(values) as (keyof typeof OPTIONS)[]) {
      if (!['color', 'no-color', ...allowed].includes(key)) throw usage(`${command} does not take --${key}.`);
    }
    const toStdout = command !== 'run' && command !== 'ci' && command !== 'checks';
    const stream = toStdout ? process.stdout : process.stderr;
    const color = values['no-color'] ? false : values.color ? true : wantsColor(stream.isTTY);
    const base = checkRef('base', values.base);
    const head = checkRef('head', values.head);
    const tiers = parseTiers(values.tier);
    const cwd = process.cwd();

    switch (command) {
      case 'run':
      case 'ci': {
        const stage = (command === 'ci' ? 'ci' : positionals[1]) as Stage | undefined;
        if (!stage || !STAGES.includes(stage)) {
          throw usage(
            `run needs a hook: ${STAGES.filter((s) => s !== 'ci').join(', ')}; found ${stage ? `"${stage}"` : 'nothing'}.`,
          );
        }
        if (command === 'ci' && !base)
          throw usage('ci needs --base, the ref to compare with.', 'mlhooks ci --base origin/main');
        if (process.env.MLHOOKS === '0') {
          stream.write(`${SKIPPED(stage)}\n`);
          return 0;
        }
        // Never test on top of files an interrupted run left hidden: one stat when there are none.
        refuseLeftover(getRepo(cwd).gitDir);
        const stdin = stage === 'pre-push' && !base ? await readStdin() : null;
        const signal = abortOnSignals(stream, color, 'stopping the tests and putting your work tree back');
        const skip = (process.env.MLHOOKS_SKIP ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean);
        return await runStage({
          stage,
          base,
          head,
          tiers,
          cwd,
          out: stream,
          color,
          signal,
          readStdin: () => stdin,
          skip,
          noCache: !!values['no-cache'],
        });
      }
      case 'checks': {
        const signal = abortOnSignals(stream, color, 'stopping the checks');
        const { runModelChecks } = await import('./commands/checks.js');
        return await runModelChecks({
          cwd,
          models: positionals.slice(1),
          tiers,
          noCache: !!values['no-cache'],
          out: stream,
          color,
          signal,
        });
      }
      case 'affected': {
        const stage = (values.stage ?? (base ? 'ci' : 'pre-commit')) as Stage;
        if (!STAGES.includes(stage))
          throw usage(`--stage "${stage}" is not a stage: use ${STAGES.join(', ')}.`);
        const stdin = stage === 'pre-push' && !base ? await readStdin() : null;
        const { affected } = await import('./commands/affected.js');
        return await affected({
          stage,
          base,
          head,
          tiers,
          cwd,
          out: stream,
          color,
          json: !!values.json,
          explain: !!values.explain,
          readStdin: () => stdin,
        });
      }
      case 'install': {
        const { installCommand } = await import('./commands/installCommand.js');
        return await installCommand({ cwd, out: stream, color, prepare: !!values.prepare });
      }
      case 'uninstall': {
        const { uninstallCommand } = await import('./commands/installCommand.js');
        return uninstallCommand({ cwd, out: stream, color });
      }
      case 'init': {
        const { init } = await import('./commands/init.js');
        return init({ cwd, out: stream, color });
      }
      case 'doctor': {
        const { doctor } = await import('./commands/doctor.js');
        return await doctor({ cwd, out: stream, color });
      }
      case 'restore': {
        const { restoreCommand } = await import('./commands/restore.js');
        return await restoreCommand({ cwd, out: stream, color });
      }
    }
    throw usage(`unknown command "${command}".`);
  } catch (error) {
    const parseError = (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    const known = isMlhooksError(error) ? error : parseError ? usage((error as Error).message) : null;
    if (known) {
      process.stderr.write(`mlhooks: ${known.message}\n${known.hint ? `  ${known.hint}\n` : ''}`);
      return known.exitCode;
    }
    process.stderr.write(`${crashed(argv.join(' '), error)}\n`);
    return 70;
  }
};
