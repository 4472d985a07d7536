import type { LayerSpec, OptimizerSpec } from "../workloads.js";
import type { Trainer, TrainingTask } from "./types.js";

/** The part of a tensor the benchmark touches. */
export interface KerasTensor {
  dispose?(): void;
}

/** The part of a Keras-style model the benchmark touches. */
export interface KerasModel {
  compile(args: { optimizer: unknown; loss: string }): void;
  fit(
    x: KerasTensor,
    y: KerasTensor,
    args: { epochs: number; batchSize: number; shuffle: false; verbose: 0 },
  ): Promise<unknown>;
  predict(x: KerasTensor): unknown;
  dispose?(): void;
}

/** A library with a Keras-style API (tfjs, Myelin), reduced to what training needs. */
export interface KerasLike {
  sequential(layers: unknown[]): KerasModel;
  layer(spec: LayerSpec): unknown;
  optimizer(spec: OptimizerSpec): unknown;
  tensor(values: Float32Array, shape: readonly number[]): KerasTensor;
  read(tensor: unknown): Promise<ArrayLike<number>>;
}

/** Builds, compiles and wraps the task's model; the tensors are made once, before timing. */
export async function buildKerasTrainer(lib: KerasLike, task: TrainingTask): Promise<Trainer> {
  const model = lib.sequential(task.layers.map((spec) => lib.layer(spec)));
  model.compile({ optimizer: lib.optimizer(task.optimizer), loss: task.loss });
  const x = lib.tensor(task.x, task.xShape);
  const y = lib.tensor(task.y, task.yShape);
  const fitArgs = { batchSize: task.batchSize, shuffle: false, verbose: 0 } as const;

  return {
    async fit(epochs) {
      const history = await model.fit(x, y, { epochs, ...fitArgs });
      return lossesOf(history);
    },
    async predict(values, shape) {
      const input = lib.tensor(values, shape);
      const output = model.predict(input);
      const result = Array.from(await lib.read(output));
      input.dispose?.();
      (output as KerasTensor).dispose?.();
      return result;
    },
    dispose() {
      x.dispose?.();
      y.dispose?.();
      model.dispose?.();
    },
  };
}

/** Reads `history.loss` from a Keras-style History, if it holds plain numbers. */
export function lossesOf(history: unknown): number[] | undefined {
  const record = (history as { history?: { loss?: unknown } } | undefined)?.history;
  const loss = record?.loss;
  if (!Array.isArray(loss) || !loss.every((value) => typeof value === "number")) {
    return undefined;
  }
  return loss;
}
