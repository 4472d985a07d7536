import type * as Brain from "brain.js";
import type { LayerSpec } from "../workloads.js";
import { Loaded, unsupported, type Subject, type Trainer, type TrainingTask } from "./types.js";

type BrainModule = typeof Brain;

const brain = new Loaded<BrainModule>("brain.js");

/** brain.js refuses a zero threshold or momentum; these are as close as it allows. */
const NEVER_STOP = 1e-9;
const NO_MOMENTUM = 1e-9;

/** The tutorial's points are scaled into sigmoid range and back. */
const TUTORIAL_X_SCALE = 12;
const TUTORIAL_Y_SCALE = 24;

/**
 * brain.js 2 (CPU classes; its GPU classes need headless GL, absent in Node).
 * It trains one sample at a time and has no softmax, no convolution training
 * and no linear layer, so each workload uses its nearest equivalent.
 */
export const brainJs: Subject = {
  id: "brain.js",
  family: "peer",
  library: "brain.js 2.0.0-beta.24 (gpu.js 2.24.1, no gl), CPU",
  async available() {
    const module = await import("brain.js");
    // Node's CommonJS interop exposes the classes by name or under default.
    const named = module as Partial<BrainModule>;
    const fallback = (module as { default?: BrainModule }).default;
    const lib = named.NeuralNetwork ? (module as BrainModule) : fallback;
    if (!lib?.NeuralNetwork || !lib.recurrent?.LSTMTimeStep) {
      return "brain.js loaded without NeuralNetwork or recurrent.LSTMTimeStep";
    }
    brain.set(lib);
    return true;
  },
  mlp: {
    note:
      "NeuralNetwork with ReLU on every layer including the output (no softmax or " +
      "cross-entropy), one update per sample (no batches), momentum 1e-9 for SGD, " +
      "praxis 'adam' for Adam; its own mean squared error in the check column.",
    build: async (task) => buildFeedForward(task),
  },
  tutorial: {
    note:
      "no linear layer, so NeuralNetwork({ hiddenLayers: [1] }) with sigmoid and " +
      `its default rate, on x / ${TUTORIAL_X_SCALE} and y / ${TUTORIAL_Y_SCALE}; ` +
      "1000 iterations of 10 per-sample updates.",
    build: async (task) => buildTutorial(task),
  },
  lstm: {
    note:
      "recurrent.LSTMTimeStep({ inputSize: 8, hiddenLayers: [32], outputSize: 8 }): " +
      "the same recurrent core trained on next-step prediction of the same sequences, " +
      "one sequence per update, its own learning rule; its own error in the check column.",
    build: async (task) => buildLstm(task),
  },
  cnn: unsupported("brain.js has no convolutional network that trains in Node"),
};

function buildFeedForward(task: TrainingTask): Trainer {
  const sizes = denseUnits(task.layers);
  const adam = task.optimizer.name === "adam";
  const options = {
    hiddenLayers: sizes.slice(0, -1),
    activation: "relu",
    learningRate: task.optimizer.learningRate,
    momentum: NO_MOMENTUM,
    errorThresh: NEVER_STOP,
    log: false,
    ...(adam ? { praxis: "adam" as const } : {}),
  };
  const net = new (brain.get().NeuralNetwork)(options);
  const data = rows(task).map(([input, output]) => ({ input, output }));
  return {
    async fit(epochs) {
      const status = net.train(data, { ...options, iterations: epochs });
      return [status.error];
    },
  };
}

function buildTutorial(task: TrainingTask): Trainer {
  const net = new (brain.get().NeuralNetwork)({ hiddenLayers: [1] });
  const data = rows(task).map(([input, output]) => ({
    input: input.map((value) => value / TUTORIAL_X_SCALE),
    output: output.map((value) => value / TUTORIAL_Y_SCALE),
  }));
  return {
    async fit(epochs) {
      const status = net.train(data, { iterations: epochs, errorThresh: NEVER_STOP });
      return [status.error];
    },
    async predict(x) {
      const input = Array.from(x, (value) => value / TUTORIAL_X_SCALE);
      const output = net.run(input) as ArrayLike<number>;
      return Array.from(output, (value) => value * TUTORIAL_Y_SCALE);
    },
  };
}

function buildLstm(task: TrainingTask): Trainer {
  const [, timeSteps, features] = task.xShape as [number, number, number];
  const hidden = task.layers.find((layer) => layer.kind === "lstm")!.args.units as number;
  const LSTMTimeStep = brain.get().recurrent.LSTMTimeStep;
  const net = new LSTMTimeStep({
    inputSize: features,
    hiddenLayers: [hidden],
    outputSize: features,
  });
  const sequences: number[][][] = [];
  for (let s = 0; s < task.count; s++) {
    const steps: number[][] = [];
    for (let t = 0; t < timeSteps; t++) {
      const start = (s * timeSteps + t) * features;
      steps.push(Array.from(task.x.subarray(start, start + features)));
    }
    sequences.push(steps);
  }
  return {
    async fit(epochs) {
      const status = net.train(sequences, {
        iterations: epochs,
        errorThresh: NEVER_STOP,
        log: false,
      });
      return [status.error];
    },
  };
}

/** Units of each dense layer; brain.js builds only fully connected stacks. */
function denseUnits(layers: readonly LayerSpec[]): number[] {
  const other = layers.find((layer) => layer.kind !== "dense");
  if (other) {
    throw new Error(`brain.js NeuralNetwork has only dense layers; the model has ${other.kind}.`);
  }
  return layers.map((layer) => layer.args.units as number);
}

/** The task's samples as plain arrays, which is what brain.js expects. */
function rows(task: TrainingTask): [number[], number[]][] {
  const inSize = task.x.length / task.count;
  const outSize = task.y.length / task.count;
  const result: [number[], number[]][] = [];
  for (let s = 0; s < task.count; s++) {
    const input = Array.from(task.x.subarray(s * inSize, (s + 1) * inSize));
    const output = Array.from(task.y.subarray(s * outSize, (s + 1) * outSize));
    result.push([input, output]);
  }
  return result;
}
