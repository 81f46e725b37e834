// Types only: importing them costs nothing at run time, TensorFlow.js loads when a check runs.
import type * as tfjs from '@tensorflow/tfjs';

/** The TensorFlow.js namespace in use (`@tensorflow/tfjs`, or `@tensorflow/tfjs-node` which re-exports it). */
export type Tf = typeof tfjs;
export type Tensor = tfjs.Tensor;
export type LayersModel = tfjs.LayersModel;

/** Where TensorFlow.js runs: `tensorflow` is the native binding of `@tensorflow/tfjs-node`. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Numbers as plain (nested) arrays: one example without the batch axis, or a whole batch. */
export type Numbers = number | readonly Numbers[];

/** An input: plain numbers or a tensor. */
export type InputLike = Numbers | Tensor;

/** What a check can run: a LayersModel, a GraphModel, or any function from a batch to outputs. */
export type ModelLike =
  | { predict(x: Tensor): unknown }
  | ((x: Tensor) => Tensor | Tensor[] | Promise<Tensor | Tensor[]>);

/** An input with the class it is known to mean. */
export interface LabelledExample {
  input: InputLike;
  /** A name from `labels`, or a class index. */
  label: string | number;
}

/** Where the library reports the one line about the backend in use. */
export interface Logger {
  info(message: string): void;
}

/** Plain JSON data: what every check returns and what a failure carries. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What a passing check returns: its name, the backend, and the numbers it saw. */
export interface Evidence {
  check: string;
  backend: BackendName | null;
  [key: string]: Json | undefined;
}
