import { describe, expect, it } from 'vitest';
import { createFileIndex } from '../../../src/selectors/graph/fileIndex.js';
import { pythonRoots, rootsFromConfig } from '../../../src/selectors/graph/pythonRoots.js';
import { createPythonResolver } from '../../../src/selectors/graph/resolvePython.js';

const FILES = [
  'src/ml/__init__.py',
  'src/ml/nn/__init__.py',
  'src/ml/nn/layers.py',
  'src/ml/data.py',
  'tests/helpers.py',
  'tests/test_layers.py',
  'tools/scripts/ns/util.py',
];
const index = createFileIndex(FILES);
const py = createPythonResolver(index, pythonRoots(new Map(), index));

describe('Python resolution', () => {
  it('runs every __init__.py on the way to a module', () => {
    expect(py.resolve('ml.nn.layers', [], 'tests/test_layers.py')).toEqual([
      'src/ml/__init__.py',
      'src/ml/nn/__init__.py',
      'src/ml/nn/layers.py',
    ]);
  });

  it('treats `from x import y` names as submodules when they are files', () => {
    expect(py.resolve('ml.nn', ['layers', 'Dense'], 'tests/test_layers.py')).toEqual([
      'src/ml/__init__.py',
      'src/ml/nn/__init__.py',
      'src/ml/nn/layers.py',
    ]);
  });

  it('resolves relative imports from the package of the importing file', () => {
    expect(py.resolve('..data', ['load'], 'src/ml/nn/layers.py')).toEqual(['src/ml/data.py']);
    expect(py.resolve('.', ['layers'], 'src/ml/nn/__init__.py')).toEqual(['src/ml/nn/layers.py']);
  });

  it("finds a test's sibling module (pytest puts the test's folder on sys.path)", () => {
    expect(py.resolve('helpers', [], 'tests/test_layers.py')).toEqual(['tests/helpers.py']);
  });

  it('finds a top-level package or namespace package that no config names', () => {
    expect(py.resolve('ns.util', [], 'tests/test_layers.py')).toEqual(['tools/scripts/ns/util.py']);
  });

  it('leaves the standard library and installed packages alone', () => {
    expect(py.resolve('os.path', [], 'src/ml/data.py')).toEqual([]);
    expect(py.resolve('numpy', ['array'], 'src/ml/data.py')).toEqual([]);
  });

  it('lists the __init__.py files that run before a module of a package', () => {
    expect(py.packageInits('src/ml/nn/layers.py')).toEqual(['src/ml/nn/__init__.py', 'src/ml/__init__.py']);
    expect(py.packageInits('tests/helpers.py')).toEqual([]);
  });
});

describe('package roots from configs', () => {
  it('reads setuptools, poetry, hatch, pdm and pytest settings, relative to the config', () => {
    expect(rootsFromConfig('pyproject.toml', '[tool.setuptools.packages.find]\nwhere = ["lib"]\n')).toEqual([
      'lib',
    ]);
    expect(rootsFromConfig('py/pyproject.toml', '[tool.setuptools.package-dir]\n"" = "src"\n')).toEqual([
      'py/src',
    ]);
    expect(rootsFromConfig('pyproject.toml', '[tool.setuptools]\npackage-dir = {"" = "code"}\n')).toEqual([
      'code',
    ]);
    expect(
      rootsFromConfig(
        'pyproject.toml',
        '[tool.poetry]\npackages = [\n  { include = "app", from = "backend" },\n]\n',
      ),
    ).toEqual(['backend']);
    expect(
      rootsFromConfig('pyproject.toml', '[tool.hatch.build.targets.wheel]\npackages = ["pysrc/app"]\n'),
    ).toEqual(['pysrc']);
    expect(
      rootsFromConfig('pyproject.toml', '[tool.pytest.ini_options]\npythonpath = ["src", "."]\n'),
    ).toEqual(['src', '']);
    expect(
      rootsFromConfig(
        'setup.cfg',
        '[options]\npackage_dir =\n    =lib\n\n[tool:pytest]\npythonpath = tools\n',
      ),
    ).toEqual(['lib', 'tools']);
    expect(
      rootsFromConfig(
        'setup.py',
        "setup(package_dir={'': 'source'}, packages=find_packages(where='source'))",
      ),
    ).toEqual(['source', 'source']);
  });
});
