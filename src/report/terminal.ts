import type {
  CachedCheck,
  ChangeSet,
  CommandResult,
  FileChange,
  PlannedCommand,
  Selection,
  Stage,
} from '../types.js';
import { type Colors, createColors, formatDuration, plural, runnerSummary, truncate } from './format.js';

export interface Out {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MAX_LISTED = 8;
const SKIP_HINT: Record<Stage, string> = {
  'pre-commit': 'MLHOOKS=0 git commit …',
  'pre-push': 'MLHOOKS=0 git push …',
  'pre-merge-commit': 'MLHOOKS=0 git merge … (or git commit, for a merge it stopped)',
  ci: 'MLHOOKS=0 (not recommended in CI)',
};

const label = (command: PlannedCommand) =>
  `${command.runner === 'checks' ? 'model ' : ''}${command.group} ${command.tiers.join('+')}`;
// What a command runs: test files, or a model's checks.
const what = (command: PlannedCommand) =>
  command.runner === 'checks' ? 'checks' : plural(command.files.length, 'file');

const ago = (iso: string): string => {
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (!Number.isFinite(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 36 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
};

const describeChange = (change: FileChange) =>
  change.status === 'R' ? `R ${change.oldPath} → ${change.path}` : `${change.status} ${change.path}`;

/** Human output for a hook run: what changed, what was picked and why, live progress, a summary. */
export class TerminalReporter {
  private readonly c: Colors;
  private readonly live = new Map<string, { command: PlannedCommand; started: number }>();
  private drawn = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly out: Out,
    color: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.c = createColors(color);
  }

  private get width(): number {
    return Math.max(40, (this.out.columns ?? 100) - 1);
  }

  private line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  notice(text: string): void {
    this.clearLive();
    this.line(`${this.c.yellow('!')} ${text}`);
    this.drawLive();
  }

  changes(changeSet: ChangeSet, selection: Selection, tiers: string[]): void {
    const { c } = this;
    const what = changeSet.stage === 'pre-commit' ? 'staged' : 'changed';
    const range = changeSet.head
      ? c.dim(` ${changeSet.base?.slice(0, 12) ?? '∅'}..${changeSet.head.slice(0, 12)}`)
      : '';
    this.line(
      `${c.bold('mlhooks')} ${changeSet.stage}${range} · ${plural(changeSet.files.length, `${what} file`)}`,
    );
    for (const change of changeSet.files.slice(0, MAX_LISTED))
      this.line(c.dim(`  ${describeChange(change)}`));
    if (changeSet.files.length > MAX_LISTED)
      this.line(c.dim(`  … and ${changeSet.files.length - MAX_LISTED} more`));
    for (const note of [...changeSet.notes, ...selection.notes]) this.line(`${c.yellow('!')} ${note}`);
    for (const check of selection.checks) {
      this.line(
        truncate(`  model ${check.model} ${c.dim(`checks · ${check.reasons.join('; ')}`)}`, this.width),
      );
    }
    if (selection.tests.length === 0) return;
    const head = selection.everything
      ? `every test selected (${selection.tests[0]?.reasons[0]})`
      : `${plural(selection.tests.length, 'test file')} affected`;
    this.line(
      `${head} · ${changeSet.stage} runs ${tiers.join(' + ') || 'no'} tier${tiers.length === 1 ? '' : 's'}`,
    );
    if (selection.everything) return;
    const pad = Math.min(48, Math.max(...selection.tests.map((test) => test.path.length)));
    for (const test of selection.tests.slice(0, MAX_LISTED * 2)) {
      const runs = test.tier === 'mixed' || tiers.includes(test.tier);
      const tier = runs ? test.tier : `${test.tier}, not run in ${changeSet.stage}`;
      this.line(
        truncate(`  ${test.path.padEnd(pad)} ${c.dim(`${tier} · ${test.reasons.join('; ')}`)}`, this.width),
      );
    }
    if (selection.tests.length > MAX_LISTED * 2)
      this.line(
        c.dim(
          `  … and ${selection.tests.length - MAX_LISTED * 2} more (mlhooks affected --explain lists all)`,
        ),
      );
  }

  /** Model checks not run again: they passed on exactly these inputs before. */
  cached(entries: readonly CachedCheck[]): void {
    for (const entry of entries) {
      const commit = entry.passedAt?.slice(0, 7);
      const at = !commit ? '' : entry.staged ? ` on a staged change over ${commit}` : ` at ${commit}`;
      this.line(
        `${this.c.green('✔')} model ${entry.model} ${entry.tier} · cached (passed${at}, ${ago(entry.at)})`,
      );
    }
  }

  nothingToRun(reason: string): void {
    this.line(`${this.c.green('✔')} ${reason}`);
  }

  start(command: PlannedCommand): void {
    this.clearLive();
    this.live.set(command.id, { command, started: this.now() });
    if (!this.out.isTTY) this.line(`${this.c.cyan('▶')} ${label(command)} · ${what(command)}`);
    else if (!this.timer) this.timer = setInterval(() => this.redraw(), 100).unref();
    this.drawLive();
  }

  end(result: CommandResult): void {
    const { c } = this;
    this.clearLive();
    this.live.delete(result.command.id);
    const parts = [label(result.command), what(result.command)];
    let mark = c.green('✔');
    if (result.status === 'fail') {
      mark = c.red('✖');
      parts.push(`exit ${result.exitCode ?? result.signal}`);
    } else if (result.status === 'timeout') {
      mark = c.red('⏱');
    } else if (result.status === 'error') {
      mark = c.red('✖');
      parts.push('could not run');
    } else if (result.status === 'interrupted' || result.status === 'skipped') {
      mark = c.yellow('■');
      parts.push(result.status);
    }
    if (result.note) parts.push(result.note);
    parts.push(formatDuration(result.durationMs));
    const summary = result.status === 'pass' ? runnerSummary(result.output) : null;
    this.line(`${mark} ${parts.join(' · ')}${summary ? c.dim(`  ${summary}`) : ''}`);
    if (this.live.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.drawLive();
  }

  summary(results: CommandResult[], durationMs: number, stage?: Stage): void {
    const { c } = this;
    this.stop();
    const bad = results.filter((result) => result.status !== 'pass');
    for (const result of bad) {
      if (!result.output.trim()) continue;
      this.line();
      this.line(c.bold(`── ${label(result.command)}: ${result.command.argv.join(' ')} ──`));
      this.out.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    }
    const passed = results.length - bad.length;
    if (bad.length === 0) {
      this.line(`${c.green('✔')} ${plural(passed, 'run')} passed · ${formatDuration(durationMs)}`);
      return;
    }
    this.line();
    this.line(
      `${c.red('✖')} ${bad.length} of ${plural(results.length, 'run')} did not pass (${bad.map((r) => `${label(r.command)}: ${r.status}`).join(', ')}) · ${formatDuration(durationMs)}`,
    );
    if (stage) this.line(c.dim(`  fix it and try again, or skip the checks once with ${SKIP_HINT[stage]}`));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clearLive();
    this.live.clear();
  }

  private redraw(): void {
    this.frame = (this.frame + 1) % SPINNER.length;
    this.clearLive();
    this.drawLive();
  }

  private drawLive(): void {
    if (!this.out.isTTY || this.live.size === 0) return;
    const spinner = this.c.cyan(SPINNER[this.frame]!);
    const lines = [...this.live.values()].map(({ command, started }) =>
      truncate(
        `${spinner} ${label(command)} · ${what(command)} · ${formatDuration(this.now() - started)}`,
        this.width,
      ),
    );
    this.out.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  private clearLive(): void {
    if (!this.out.isTTY || this.drawn === 0) return;
    this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }
}
