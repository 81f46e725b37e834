// User-facing text shared by several commands.

export const VERSION_HELP = `mlhooks — git hooks for machine-learning repos: fast tests on commit, real-model checks on push

Usage
  mlhooks init                        write a starting mlhooks.config.mjs (detects pytest, vitest, jest, node:test)
  mlhooks install                     set up husky hooks (pre-commit, pre-push, pre-merge-commit) in this repo
  mlhooks uninstall                   remove exactly what install added
  mlhooks run <hook> [--base REF] [--head REF] [--tier fast|slow]
                                      run a hook's plan (git calls this; --base tries a range by hand)
  mlhooks ci --base REF [--head REF] [--tier fast|slow]
                                      run the plan for what HEAD adds since it forked from REF
  mlhooks checks [model ...] [--tier fast|slow] [--no-cache]
                                      run model checks by hand (all models with checks when none is named)
  mlhooks affected [--stage S] [--base REF] [--head REF] [--json] [--explain]
                                      print what would run, and why, without running it
  mlhooks doctor                      say what is installed, which config is in force, what is wrong
  mlhooks restore                     put back unstaged changes an interrupted run left hidden (safe to repeat)

Options
  --no-cache      run model checks even when they passed before on the same inputs
  --no-color      plain output (NO_COLOR is respected too)
  -h, --help      this help
  -v, --version   the version

Environment
  MLHOOKS=0             skip mlhooks in hooks (said in one line)
  MLHOOKS_SKIP=a,b      skip the named test groups (said loudly)

Exit codes: 0 passed or nothing to test, 1 a test failed, 2 usage or config error,
3 environment problem (not a git repo, runner not installed), 70 a bug in mlhooks, 130 interrupted.
Docs: README.md in the mlhooks package (Configuration, Stages, Exit codes).`;

export const SKIPPED = (hook: string) => `mlhooks: ${hook} skipped (MLHOOKS=0)`;

export const crashed = (command: string, error: unknown) => {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `mlhooks crashed while running "${command}". This is a bug in mlhooks, not in your code.

${stack}

To get past it once: MLHOOKS=0 git commit … (or git push …).
Please report it, with the output above, on the mlhooks issue tracker.`;
};
