// User-facing text of mlhooks/checks that more than one module shares.
import type { BackendInfo } from './backend.js';

export const backendLine = (info: BackendInfo): string =>
  `mlhooks/checks: TensorFlow.js ${info.version} on ${info.name}${info.simd ? ' (SIMD)' : ''} (${info.reason})`;

export const TFJS_MISSING_HINT =
  'npm i -D @tensorflow/tfjs @tensorflow/tfjs-backend-wasm (or @tensorflow/tfjs-node where it installs)';

export const LFS_HINT = 'run `git lfs pull` (and `git lfs install` once), then try again';

export const REEXPORT_HINT =
  'model.json and its weight files must come from the same export: save or convert the model again';

export const OVERFIT_HINT =
  'a model that cannot memorise a handful of examples has a bug: a learning rate of 0, labels shuffled against inputs, a frozen layer, or a loss that does not suit the output activation';

export const LOSS_HINT =
  'check the learning rate, that the optimizer updates the model (trainable layers), and that inputs and labels line up';

export const LABEL_MAP_HINT =
  'the model was trained with its classes in another order: make the label map match the model (its training config, or the converter metadata)';
