import { isCode } from './facts.js';
import { ancestors } from './paths.js';
import { familyOf, type ReverseIndex } from './reverseIndex.js';

export interface ClosureStart {
  path: string;
  /** How the chain begins: the path, or `src/old.ts (deleted)`. */
  label: string;
  /**
   * The path may be a folder of files git does not have (DVC data, a pipeline output): a pattern
   * that may match a file in it (`glob('data/images/*.png')`) reaches it too.
   */
  under?: boolean;
}

export interface ClosureInput {
  graph: ReverseIndex;
  starts: readonly ClosureStart[];
  isTest(path: string): boolean;
}

type Hop = [parent: string, label: string];

// Past this many changed files, one search from all of them: one chain per test instead of one per change.
const PER_START_LIMIT = 100;

/** Every file that depends on `node`, with the label of the edge. */
const dependentsOf = (graph: ReverseIndex, node: string, seenUnsure: Set<string>): [string, string][] => {
  const out = [...graph.lookup(node)];
  const isData = !isCode(node);
  for (const dir of ancestors(node)) {
    for (const [source, label, dataOnly] of graph.folders.get(dir) ?? [])
      if (!dataOnly || isData) out.push([source, label]);
  }
  for (const glob of graph.globs)
    if (node.startsWith(glob.prefix) && glob.re.test(node)) out.push([glob.source, glob.label]);
  const family = familyOf(node);
  if (family && graph.unsure.length > 0 && !seenUnsure.has(family)) {
    // A file that may load any file: reached from the first file of its family, by the shortest chain.
    seenUnsure.add(family);
    for (const { source, label, family: f } of graph.unsure) if (f === family) out.push([source, label]);
  }
  return out;
};

const chainOf = (node: string, parents: Map<string, Hop | null>, startLabel: string): string => {
  const hops: string[] = [];
  let current = node;
  let last = true;
  for (let hop = parents.get(current); hop; hop = parents.get(current)) {
    const [parent, label] = hop;
    // The final hop of a plain import goes without a label, as in `a.ts -> b.ts (import) -> a.test.ts`.
    hops.push(last && label === 'import' ? current : `${current} (${label})`);
    last = false;
    current = parent;
  }
  return [startLabel, ...hops.reverse()].join(' -> ');
};

/**
 * The tests that depend on the changed files through any chain of edges, each with the chain that
 * reaches it (`data/labels.yaml -> src/labels.ts (literal) -> src/model.ts (import) -> test/model.test.ts`).
 * Returns test path -> chains, one per changed file that reaches it.
 */
export const reverseClosure = (input: ClosureInput): Map<string, string[]> => {
  const found = new Map<string, string[]>();
  const search = (starts: readonly ClosureStart[]) => {
    const parents = new Map<string, Hop | null>();
    const labels = new Map<string, string>();
    const queue: string[] = [];
    const folders = new Set<string>();
    for (const start of starts) {
      if (parents.has(start.path)) continue;
      parents.set(start.path, null);
      labels.set(start.path, start.label);
      queue.push(start.path);
      if (start.under) folders.add(start.path);
    }
    const seenUnsure = new Set<string>();
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      const dependents = dependentsOf(input.graph, node, seenUnsure);
      if (folders.has(node)) {
        // A pattern whose fixed start is in the folder, or above it: it may match a file in it.
        const inside = `${node}/`;
        for (const glob of input.graph.globs)
          if (glob.prefix.startsWith(inside) || inside.startsWith(glob.prefix))
            dependents.push([glob.source, glob.label]);
      }
      for (const [source, label] of dependents) {
        if (parents.has(source)) continue;
        parents.set(source, [node, label]);
        queue.push(source);
        if (input.isTest(source)) {
          let root = source;
          while (parents.get(root)) root = parents.get(root)![0];
          const chain = chainOf(source, parents, labels.get(root) ?? root);
          const chains = found.get(source);
          if (!chains) found.set(source, [chain]);
          else if (!chains.includes(chain)) chains.push(chain);
        }
      }
    }
  };
  if (input.starts.length > PER_START_LIMIT) search(input.starts);
  else for (const start of input.starts) search([start]);
  return found;
};
