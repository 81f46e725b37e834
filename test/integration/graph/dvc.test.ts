import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FileTree, makeRepo, type TempRepo } from '../../helpers/gitRepo.js';
import { selectWithGraph } from './selectGraph.js';

// Data and models DVC keeps out of git, read by code and tests: which tests a change to a pointer
// or to dvc.lock selects, in real repos with the change staged (cold, then warm from the caches).

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});

const pyTest = (module: string) => `from ${module} import *\n\n\ndef test_it():\n    assert True\n`;
const lockOf = (outs: Record<string, string>, { stage = 'train', indent = '' } = {}) =>
  `schema: '2.0'\nstages:\n  ${stage}:\n    cmd: python train.py\n    outs:\n${Object.entries(outs)
    .map(([path, md5]) => `${indent}    - path: ${path}\n${indent}      md5: ${md5}\n`)
    .join('')}`;

/** The tests selected for a staged change, cold and then warm (the same answer both times). */
const selected = async (files: FileTree, change: (r: TempRepo) => void): Promise<string[]> => {
  const r = makeRepo(files);
  repos.push(r);
  change(r);
  r.git(['add', '-A']);
  const cold = (await selectWithGraph(r.root)).tests.map((t) => t.path);
  const warm = (await selectWithGraph(r.root)).tests.map((t) => t.path);
  expect(warm).toEqual(cold);
  rmSync(join(r.root, '.git', 'mlhooks'), { recursive: true, force: true });
  return cold;
};

const PY = {
  'src/__init__.py': '',
  'tests/test_other.py': pyTest('src.other'),
  'src/other.py': 'O = 1\n',
};

describe('DVC pipeline outputs (dvc.lock)', () => {
  it('a folder output: a pattern that reads files in it selects its readers', async () => {
    const files = {
      ...PY,
      'data/.gitignore': '/features\n',
      'dvc.lock': lockOf({ 'data/features': 'a.dir' }),
      'src/features.py': "import glob\n\nPARTS = glob.glob('data/features/*.parquet')\n",
      'tests/test_features.py': pyTest('src.features'),
    };
    expect(
      await selected(files, (r) => r.write({ 'dvc.lock': lockOf({ 'data/features': 'b.dir' }) })),
    ).toEqual(['tests/test_features.py']);
  });

  it("a stage's wdir places its outputs: `../models/enc.onnx` from ml/src is ml/models/enc.onnx", async () => {
    const files = {
      ...PY,
      'ml/dvc.yaml': 'stages:\n  train:\n    wdir: src\n    cmd: python infer.py\n',
      'ml/dvc.lock': lockOf({ '../models/enc.onnx': 'a' }),
      'ml/models/.gitignore': '/enc.onnx\n',
      // Run from ml/src, as the stage is.
      'ml/src/infer.py': "MODEL = '../models/enc.onnx'\n",
      'ml/__init__.py': '',
      'ml/src/__init__.py': '',
      'tests/test_infer.py': pyTest('ml.src.infer'),
    };
    expect(
      await selected(files, (r) => r.write({ 'ml/dvc.lock': lockOf({ '../models/enc.onnx': 'b' }) })),
    ).toEqual(['tests/test_infer.py']);
  });

  it('code run by a dvc.yaml in a folder with no package file names outputs from that folder', async () => {
    const files = {
      ...PY,
      'ml/dvc.yaml': 'stages:\n  train:\n    cmd: python src/infer.py\n',
      'ml/dvc.lock': lockOf({ 'models/enc.onnx': 'a' }),
      'ml/models/.gitignore': '/enc.onnx\n',
      'ml/src/infer.py': "MODEL = 'models/enc.onnx'\n",
      'ml/__init__.py': '',
      'ml/src/__init__.py': '',
      'tests/test_infer.py': pyTest('ml.src.infer'),
    };
    expect(
      await selected(files, (r) => r.write({ 'ml/dvc.lock': lockOf({ 'models/enc.onnx': 'b' }) })),
    ).toEqual(['tests/test_infer.py']);
  });

  it('indented outs lists are read; deleting the only dvc.lock still selects what read its outputs', async () => {
    const files = {
      ...PY,
      'models/.gitignore': '/model.pkl\n',
      'dvc.lock': lockOf({ 'models/model.pkl': 'a' }, { indent: '  ' }),
      'src/serve.py': "MODEL = 'models/model.pkl'\n",
      'tests/test_serve.py': pyTest('src.serve'),
    };
    expect(
      await selected(files, (r) =>
        r.write({ 'dvc.lock': lockOf({ 'models/model.pkl': 'b' }, { indent: '  ' }) }),
      ),
    ).toEqual(['tests/test_serve.py']);
    expect(await selected(files, (r) => r.git(['rm', '-q', 'dvc.lock']))).toEqual(['tests/test_serve.py']);
  });

  it('TS/JS: an import or new URL of an output names it', async () => {
    const files = {
      'models/.gitignore': '/web\n',
      'dvc.lock': lockOf({ 'models/web': 'a.dir' }),
      'src/model.ts': "import manifest from '../models/web/model.json';\nexport const m = manifest;\n",
      'src/url.ts': "export const u = new URL('../models/web/group1.bin', import.meta.url);\n",
      'src/other.ts': 'export const o = 1;\n',
      'test/model.test.ts': "import { m } from '../src/model';\ntest('m', () => expect(m).toBeDefined());\n",
      'test/url.test.ts': "import { u } from '../src/url';\ntest('u', () => expect(u).toBeDefined());\n",
      'test/other.test.ts': "import { o } from '../src/other';\ntest('o', () => expect(o).toBe(1));\n",
    };
    expect(await selected(files, (r) => r.write({ 'dvc.lock': lockOf({ 'models/web': 'b.dir' }) }))).toEqual([
      'test/model.test.ts',
      'test/url.test.ts',
    ]);
  });
});

describe('DVC files say what is a folder', () => {
  it('a file output is not a folder: a pattern beside it is not selected', async () => {
    const files = {
      ...PY,
      'models/.gitignore': '/model.pkl\n',
      'dvc.lock': lockOf({ 'models/model.pkl': 'a' }),
      'src/serve.py': "MODEL = 'models/model.pkl'\n",
      'src/onnx.py': "import glob\n\nEXPORTS = glob.glob('models/*.onnx')\n",
      'tests/test_serve.py': pyTest('src.serve'),
      'tests/test_onnx.py': pyTest('src.onnx'),
    };
    expect(
      await selected(files, (r) => r.write({ 'dvc.lock': lockOf({ 'models/model.pkl': 'b' }) })),
    ).toEqual(['tests/test_serve.py']);
  });

  it('a deleted folder pointer reaches what read files in it by a pattern', async () => {
    const files = {
      ...PY,
      'data/.gitignore': '/images\n',
      'data/images.dvc': 'outs:\n- md5: a.dir\n  nfiles: 2\n  path: images\n',
      'src/images.py': "def image(i):\n    return open(f'data/images/{i}.png', 'rb').read()\n",
      'tests/test_images.py': pyTest('src.images'),
    };
    expect(await selected(files, (r) => r.git(['rm', '-q', 'data/images.dvc']))).toEqual([
      'tests/test_images.py',
    ]);
  });
});

describe('DVC pointers (.dvc files)', () => {
  it('a folder pointer: an f-string of files in it selects its readers; an import of pointed data too', async () => {
    const files = {
      ...PY,
      'data/.gitignore': '/images\n/labels.json\n',
      'data/images.dvc': 'outs:\n- md5: a.dir\n  path: images\n',
      'data/labels.json.dvc': 'outs:\n- md5: a\n  path: labels.json\n',
      'src/images.py': "def image(i):\n    return open(f'data/images/{i}.png', 'rb').read()\n",
      'tests/test_images.py': pyTest('src.images'),
      'web/labels.ts': "import labels from '../data/labels.json';\nexport const l = labels;\n",
      'web/labels.test.ts': "import { l } from './labels';\ntest('l', () => expect(l).toBeDefined());\n",
    };
    expect(
      await selected(files, (r) => r.write({ 'data/images.dvc': 'outs:\n- md5: b.dir\n  path: images\n' })),
    ).toEqual(['tests/test_images.py']);
    expect(
      await selected(files, (r) =>
        r.write({ 'data/labels.json.dvc': 'outs:\n- md5: b\n  path: labels.json\n' }),
      ),
    ).toEqual(['web/labels.test.ts']);
  });

  it('a pointer named otherwise (`dvc add --file`), or renamed, still reaches what names its data', async () => {
    const pointer = (md5: string) => `outs:\n- md5: ${md5}\n  size: 10\n  path: ../data/train.csv\n`;
    const files = {
      ...PY,
      'data/.gitignore': '/train.csv\n',
      'pointers/train.dvc': pointer('a'),
      'src/train.py': "def rows():\n    return open('data/train.csv').read()\n",
      'tests/test_train.py': pyTest('src.train'),
    };
    expect(await selected(files, (r) => r.write({ 'pointers/train.dvc': pointer('b') }))).toEqual([
      'tests/test_train.py',
    ]);
  });

  it('only a new version of the data counts: not a rename, not `hash: md5` added', async () => {
    const pointer = (extra = '') => `outs:\n- md5: a\n  size: 10\n${extra}  path: train.csv\n`;
    const files = {
      ...PY,
      'data/.gitignore': '/train.csv\n',
      'data/train.csv.dvc': pointer(),
      'src/train.py': "def rows():\n    return open('data/train.csv').read()\n",
      'tests/test_train.py': pyTest('src.train'),
    };
    expect(await selected(files, (r) => r.write({ 'data/train.csv.dvc': pointer('  hash: md5\n') }))).toEqual(
      [],
    );
    expect(await selected(files, (r) => r.git(['mv', 'data/train.csv.dvc', 'data/train.dvc']))).toEqual([]);
  });

  it('a folder pointer rewritten as a file: what read files in the folder is selected', async () => {
    const files = {
      ...PY,
      'data/.gitignore': '/images\n',
      'data/images.dvc': 'outs:\n- md5: a.dir\n  nfiles: 2\n  path: images\n',
      'src/images.py': "import glob\n\nPNGS = glob.glob('data/images/*.png')\n",
      'tests/test_images.py': pyTest('src.images'),
    };
    expect(
      await selected(files, (r) =>
        r.write({ 'data/images.dvc': 'outs:\n- md5: b\n  size: 9\n  path: images\n' }),
      ),
    ).toEqual(['tests/test_images.py']);
  });
});
