import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach } from 'vitest';

export type FileTree = Record<string, string | Buffer>;

// Isolate from the developer's git config (hooks, signing, templates) so every test sees plain git.
export const GIT_ENV: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_TERMINAL_PROMPT: '0',
};

/** process.env without what git sets for a hook (when the suite itself runs inside one), plus GIT_ENV. */
export const cleanEnv = (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^GIT_/.test(key) && key !== 'MLHOOKS' && key !== 'MLHOOKS_SKIP' && key !== 'HUSKY')
      env[key] = value;
  }
  return { ...env, ...GIT_ENV, ...extra };
};

/** git as a user runs it, hooks and all: never throws, stdout and stderr together in `all`. */
export const gitAsUser = (cwd: string, args: string[]) =>
  execa('git', args, { cwd, env: cleanEnv({ NO_COLOR: '1' }), extendEnv: false, reject: false, all: true });

export const git = (cwd: string, args: string[], input?: string): string =>
  execFileSync('git', args, {
    cwd,
    env: cleanEnv(),
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });

export const writeFiles = (root: string, files: FileTree): void => {
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    if (path.endsWith('.sh')) chmodSync(file, 0o755);
  }
};

export interface TempRepo {
  root: string;
  git(args: string[], input?: string): string;
  write(files: FileTree): void;
  /** Writes, stages and commits; returns the new commit id. */
  commit(message: string, files?: FileTree): string;
  cleanup(): void;
}

export const tempDir = (prefix = 'mlhooks-test-'): string =>
  realpathSync(mkdtempSync(join(tmpdir(), prefix)));

/** A real git repository in a temp dir: branch main, user set, gpg off, optionally with a first commit. */
export const makeRepo = (files?: FileTree, { bare = false }: { bare?: boolean } = {}): TempRepo => {
  const root = tempDir();
  git(root, ['init', '-q', '-b', 'main', ...(bare ? ['--bare'] : [])]);
  if (!bare) {
    git(root, ['config', 'commit.gpgsign', 'false']);
    git(root, ['config', 'core.autocrlf', 'false']);
  }
  const repo: TempRepo = {
    root,
    git: (args, input) => git(root, args, input),
    write: (tree) => writeFiles(root, tree),
    commit: (message, tree) => {
      if (tree) repo.write(tree);
      git(root, ['add', '-A']);
      git(root, ['commit', '-q', '--no-verify', '--allow-empty', '-m', message]);
      return git(root, ['rev-parse', 'HEAD']).trim();
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  if (files) repo.commit('initial', files);
  return repo;
};

/** A maker of temp repos for one test file: each is removed after the test that made it. */
export const useTempRepos = (): ((files?: FileTree, options?: { bare?: boolean }) => TempRepo) => {
  const made: TempRepo[] = [];
  afterEach(() => {
    while (made.length) made.pop()!.cleanup();
  });
  return (files, options) => {
    const repo = makeRepo(files, options);
    made.push(repo);
    return repo;
  };
};
