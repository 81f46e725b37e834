import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import jpeg from 'jpeg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckFailure, type LabelledExample, labelMapping, loadWeights } from '../../../src/checks/index.js';
import { ROOT } from '../../helpers/cli.js';
import { tf } from './tinyModels.js';

// The real pretrained face-expression net that ships in @vladmandic/face-api, its weights read
// through our IO handler, run on faces in the sample photos the package bundles (demo/*.jpg).
const FACE_API = join(ROOT, 'node_modules/@vladmandic/face-api');
const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'];

// Boxes [x, y, width, height] come from face-api's own detector (ssdMobilenetv1, run once on these
// photos); each label is what a person sees in the crop. Only unambiguous faces are kept: broad
// smiles, and closed-mouth faces with no smile. Looking-down and faint-smile faces are left out.
const FACES: { photo: string; box: [number, number, number, number]; label: string }[] = [
  { photo: 'sample1.jpg', box: [1476, 200, 203, 241], label: 'happy' },
  { photo: 'sample3.jpg', box: [1514, 292, 170, 279], label: 'happy' },
  { photo: 'sample3.jpg', box: [1075, 215, 221, 299], label: 'happy' },
  { photo: 'sample4.jpg', box: [1277, 144, 145, 243], label: 'happy' },
  { photo: 'sample6.jpg', box: [681, 321, 159, 306], label: 'happy' },
  { photo: 'sample3.jpg', box: [585, 329, 199, 271], label: 'neutral' },
  { photo: 'sample4.jpg', box: [664, 52, 187, 258], label: 'neutral' },
  { photo: 'sample6.jpg', box: [1181, 305, 188, 280], label: 'neutral' },
];

// The parts of face-api used here. Its .d.ts types them with its own bundled copy of the tfjs
// types; at run time it requires the same @tensorflow/tfjs as we load.
interface FaceApi {
  FaceExpressionNet: new () => {
    loadFromWeightMap(weights: tfjs.NamedTensorMap): void;
    forward(input: tfjs.Tensor3D[]): Promise<tfjs.Tensor>;
  };
  toNetInput(input: tfjs.Tensor3D): Promise<{ toBatchTensor(size: number, center: boolean): tfjs.Tensor4D }>;
}

let examples: LabelledExample[];
let model: (x: tfjs.Tensor) => Promise<tfjs.Tensor>;

beforeAll(async () => {
  const t = await tf();
  const imported = (await import('@vladmandic/face-api/dist/face-api.node-wasm.js')) as unknown as FaceApi & {
    default?: FaceApi;
  };
  const faceapi = imported.default ?? imported;
  const net = new faceapi.FaceExpressionNet();
  net.loadFromWeightMap(
    await loadWeights(join(FACE_API, 'model/face_expression_model-weights_manifest.json')),
  );
  // The net's own forward pass (dense blocks, then softmax over the 7 expressions).
  model = async (x) => net.forward(t.unstack(x) as tfjs.Tensor3D[]);

  const photos = new Map<string, tfjs.Tensor3D>();
  examples = [];
  for (const { photo, box, label } of FACES) {
    let image = photos.get(photo);
    if (!image) {
      const { data, width, height } = jpeg.decode(readFileSync(join(FACE_API, 'demo', photo)), {
        useTArray: true,
      });
      image = t.tidy(() => t.tensor3d(data, [height, width, 4], 'int32').slice([0, 0, 0], [-1, -1, 3]));
      photos.set(photo, image);
    }
    const [x, y, width, height] = box;
    const crop = t.slice(image, [y, x, 0], [height, width, 3]);
    // face-api's own preprocessing: pad to a centred square, resize to 112 x 112.
    const input = (await faceapi.toNetInput(crop)).toBatchTensor(112, true);
    examples.push({ input: t.squeeze(input, [0]), label });
    crop.dispose();
  }
  for (const image of photos.values()) image.dispose();
});

describe('the face-expression net of @vladmandic/face-api', () => {
  it('puts smiles on "happy" and still faces on "neutral" with its documented label order', async () => {
    const evidence = await labelMapping({ model, labels: EXPRESSIONS, examples });
    expect(evidence.total).toBe(8);
    expect(evidence.agreement).toBe(1);
    for (const outcome of evidence.outcomes) expect(outcome.confidence).toBeGreaterThan(0.5);
  });

  it('catches a label map with happy and neutral swapped, and names the order the model uses', async () => {
    const swapped = ['happy', 'neutral', ...EXPRESSIONS.slice(2)];
    const error = await labelMapping({ model, labels: swapped, examples }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailure);
    expect((error as Error).message).toBe(
      [
        'labelMapping: 8 of 8 examples landed on another class, wanted every one on its named class',
        "  'happy' (index 0): 5 on index 1 ('neutral') of 5",
        "  'neutral' (index 1): 3 on index 0 ('happy') of 3",
        '  the model behaves as if its labels were [neutral, happy, sad, angry, fearful, disgusted, surprised]',
        '  hint: the model was trained with its classes in another order: make the label map match the model (its training config, or the converter metadata)',
      ].join('\n'),
    );
  });
});
