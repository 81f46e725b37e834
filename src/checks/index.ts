// mlhooks/checks: model checks on TensorFlow.js for any test runner, and for model artifacts from
// config. Importing this costs nothing: TensorFlow.js loads when the first check runs.
export {
  type ArtifactOptions,
  type ArtifactReport,
  type ArtifactSpec,
  checkArtifact,
} from './artifact/checkArtifact.js';
export { loadInput } from './artifact/loadInput.js';
export {
  type BackendInfo,
  configureChecks,
  type LoadedTensorFlow,
  loadTensorFlow,
  type Resolve,
  tensorflow,
} from './backend.js';
export { CheckFailure, isCheckFailure } from './CheckFailure.js';
export { type CheckContext, type CheckFunction, type CheckSuite, defineChecks } from './defineChecks.js';
export type { OutputRule } from './expectation.js';
export {
  type BackendRoundTripEvidence,
  type BackendRoundTripOptions,
  backendRoundTrip,
} from './fast/backendRoundTrip.js';
export {
  type DeterministicEvidence,
  type DeterministicOptions,
  deterministic,
} from './fast/deterministic.js';
export { type FiniteEvidence, type FiniteOptions, finite } from './fast/finite.js';
export { type OutputRangeEvidence, type OutputRangeOptions, outputRange } from './fast/outputRange.js';
export { type OutputShapeEvidence, type OutputShapeOptions, outputShape } from './fast/outputShape.js';
export {
  type WeightsUpdateEvidence,
  type WeightsUpdateOptions,
  weightsUpdate,
} from './fast/weightsUpdate.js';
export { fileHandler } from './io/fileHandler.js';
export {
  type LoadedModel,
  loadGraphModel,
  loadLayersModel,
  loadModel,
  loadWeights,
  saveModel,
} from './io/modelIO.js';
export { type CheckResult, type CheckStatus, createCheckContext, runCheck, runChecks } from './runCheck.js';
export { type CanOverfitEvidence, type CanOverfitOptions, canOverfit } from './slow/canOverfit.js';
export { type ConvergesEvidence, type ConvergesOptions, converges } from './slow/converges.js';
export { type DirectionalOptions, directional } from './slow/directional.js';
export {
  type ExpectOutputsEvidence,
  type ExpectOutputsOptions,
  expectOutputs,
  type OutputExample,
} from './slow/expectOutputs.js';
export {
  type InvarianceOptions,
  invariance,
  type PerturbationCase,
  type PerturbationEvidence,
} from './slow/invariance.js';
export { type LabelMappingEvidence, type LabelMappingOptions, labelMapping } from './slow/labelMapping.js';
export {
  type LossDecreasesEvidence,
  type LossDecreasesOptions,
  lossDecreases,
} from './slow/lossDecreases.js';
export {
  type ServerExample,
  type ServerServesEvidence,
  type ServerServesOptions,
  serverServes,
} from './slow/serverServes.js';
export type { ModelTraining, StepTraining, Training } from './train.js';
export type {
  BackendName,
  Evidence,
  InputLike,
  Json,
  LabelledExample,
  Logger,
  ModelLike,
  Numbers,
  Tf,
} from './types.js';
