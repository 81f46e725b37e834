// Cheap enough for the no-op commit path: no imports beyond this file.

const CODE = /\.(?:[mc]?[jt]sx?|pyi?|json)$/;
const CONFIG =
  /(?:^|\/)(?:package\.json|[tj]sconfig[^/]*\.json|pyproject\.toml|setup\.cfg|setup\.py|pytest\.ini|tox\.ini|conftest\.py)$/;

/**
 * Whether a changed path can change the graph by itself: code (anything importable, JSON included)
 * and the configs resolution reads. Any other file (data, weights, docs) matters only if some
 * code names it, which the side index of literal targets answers.
 */
export const isGraphInput = (path: string): boolean => CODE.test(path) || CONFIG.test(path);
