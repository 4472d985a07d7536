/**
 * What each workload measures and with which settings. The models are written
 * once, as Keras-style layer descriptions, and every Keras-like subject builds
 * them from the same description.
 */

/** Workload ids, as `--only` takes them. */
export const WORKLOAD_IDS = ["matmul", "mlp", "cnn", "lstm", "tutorial"] as const;
/** One workload id. */
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

/** How one workload is reported. */
export interface Workload {
  id: WorkloadId;
  title: string;
  unit: string;
  better: "higher" | "lower";
  /** Cases (table columns). Each inner list runs in one child process. */
  groups: readonly (readonly string[])[];
  /** Column heading of a case. */
  label(caseId: string): string;
  /** One line on how the figure is made. */
  method: string;
}

/** Settings of the matMul workload. */
export interface MatmulParams {
  sizes: readonly number[];
  /** Warm-up lasts at least this long and at least `warmupCalls` calls. */
  warmupMs: number;
  warmupCalls: number;
  /** Timed batches; each repeats the call until `batchMs` has passed. */
  batches: number;
  batchMs: number;
}

/** Settings of a training workload. */
export interface TrainingParams {
  samples: number;
  batchSize: number;
  /** Warm-up epochs at the least; more follow, one at a time, until `warmupMs` has passed. */
  warmupEpochs: number;
  /** Warm-up time at the least (V8 optimises the training loop over its first few hundred steps). */
  warmupMs: number;
  timedEpochs: number;
}

/** Settings of the tiny-model workload. */
export interface TutorialParams {
  epochs: number;
  /** Before the warm case: fits of throwaway models for at least this long (and at least 2). */
  warmupMs: number;
}

/** Settings of every workload for one run of the benchmark. */
export interface BenchParams {
  matmul: MatmulParams;
  mlp: TrainingParams;
  cnn: TrainingParams;
  lstm: TrainingParams;
  tutorial: TutorialParams;
}

const MATMUL_SIZES = [128, 256, 512, 1024] as const;

/**
 * The settings of a full run (those of the performance anchors) or of a quick
 * smoke run, which keeps every shape but uses fewer samples and epochs.
 */
export function paramsFor(quick: boolean): BenchParams {
  if (quick) {
    return {
      matmul: { sizes: MATMUL_SIZES, warmupMs: 100, warmupCalls: 2, batches: 1, batchMs: 100 },
      mlp: { samples: 2048, batchSize: 64, warmupEpochs: 1, warmupMs: 300, timedEpochs: 1 },
      cnn: { samples: 64, batchSize: 32, warmupEpochs: 1, warmupMs: 300, timedEpochs: 1 },
      lstm: { samples: 256, batchSize: 32, warmupEpochs: 1, warmupMs: 300, timedEpochs: 1 },
      tutorial: { epochs: 1000, warmupMs: 300 },
    };
  }
  return {
    matmul: { sizes: MATMUL_SIZES, warmupMs: 300, warmupCalls: 2, batches: 5, batchMs: 250 },
    mlp: { samples: 8192, batchSize: 64, warmupEpochs: 1, warmupMs: 3000, timedEpochs: 3 },
    cnn: { samples: 512, batchSize: 32, warmupEpochs: 1, warmupMs: 3000, timedEpochs: 3 },
    lstm: { samples: 1024, batchSize: 32, warmupEpochs: 1, warmupMs: 3000, timedEpochs: 3 },
    tutorial: { epochs: 1000, warmupMs: 2000 },
  };
}

/** Every workload, in the order they run and print. */
export const WORKLOADS: readonly Workload[] = [
  {
    id: "matmul",
    title: "B1 matMul C = A.B, square, float32",
    unit: "GFLOP/s",
    better: "higher",
    groups: [MATMUL_SIZES.map(String)],
    label: (caseId) => `N=${caseId}`,
    method:
      "2N^3 / time; warm-up, then timed batches of repeated calls including the read-back " +
      "of C; a run's figure is the median of its batches; 32 entries of C are checked " +
      "against a float64 dot product.",
  },
  {
    id: "mlp",
    title: "B2 MLP 784-128-64-10 training",
    unit: "samples/s",
    better: "higher",
    groups: [["sgd"], ["adam"]],
    label: (caseId) => (caseId === "sgd" ? "SGD lr 0.05" : "Adam lr 0.001"),
    method:
      "ReLU, softmax + categorical cross-entropy, batch 64, no shuffling; warm-up epochs " +
      "(at least one and 3 s), then the timed epochs; samples/s = timed epochs x samples / time.",
  },
  {
    id: "cnn",
    title: "B4 small CNN training",
    unit: "samples/s",
    better: "higher",
    groups: [["sgd"]],
    label: () => "SGD lr 0.05",
    method:
      "28x28x1 -> conv 3x3x8 same ReLU -> maxpool 2 -> conv 3x3x16 same ReLU -> maxpool 2 " +
      "-> flatten -> dense 10 softmax; cross-entropy, batch 32; warm-up epochs (at least " +
      "one and 3 s).",
  },
  {
    id: "lstm",
    title: "B5 LSTM(32) training, T=20, 8 features",
    unit: "samples/s",
    better: "higher",
    groups: [["sgd"]],
    label: () => "SGD lr 0.05",
    method:
      "lstm(32) -> dense(1), MSE, batch 32, target 0.1 x sum over time of feature 0; " +
      "warm-up epochs (at least one and 3 s).",
  },
  {
    id: "tutorial",
    title: "B3 one-neuron tutorial, Dense(1) on 10 points, 1000 epochs",
    unit: "ms",
    better: "lower",
    groups: [["cold"], ["warm"]],
    label: (caseId) => (caseId === "cold" ? "cold fit() ms" : "warm fit() ms"),
    method:
      "y = 2x - 1 on x = 1..10, SGD lr 0.01, MSE, batch 32; wall time of fit({ epochs: 1000 }) " +
      "on a new model: cold is the process's first fit, warm follows fits of throwaway models " +
      "for 2 s; the check column is the prediction at x = 11.",
  },
];

/** Looks a workload up by id. */
export function workloadById(id: WorkloadId): Workload {
  return WORKLOADS.find((workload) => workload.id === id)!;
}

/** A Keras-style layer: the factory name and its arguments, identical in tfjs and Myelin. */
export interface LayerSpec {
  kind: "dense" | "conv2d" | "maxPooling2d" | "flatten" | "lstm";
  args: Readonly<Record<string, unknown>>;
}

/** The optimizer of a training task. */
export interface OptimizerSpec {
  name: "sgd" | "adam";
  learningRate: number;
}

/** B2: 784-128-64-10, ReLU, softmax output. */
export const MLP_LAYERS: readonly LayerSpec[] = [
  { kind: "dense", args: { units: 128, activation: "relu", inputShape: [784] } },
  { kind: "dense", args: { units: 64, activation: "relu" } },
  { kind: "dense", args: { units: 10, activation: "softmax" } },
];

/** B4: two 'same' 3x3 convolutions with 2x2 max pooling, then a softmax dense layer. */
export const CNN_LAYERS: readonly LayerSpec[] = [
  {
    kind: "conv2d",
    args: {
      filters: 8,
      kernelSize: 3,
      padding: "same",
      activation: "relu",
      inputShape: [28, 28, 1],
    },
  },
  { kind: "maxPooling2d", args: { poolSize: 2 } },
  { kind: "conv2d", args: { filters: 16, kernelSize: 3, padding: "same", activation: "relu" } },
  { kind: "maxPooling2d", args: { poolSize: 2 } },
  { kind: "flatten", args: {} },
  { kind: "dense", args: { units: 10, activation: "softmax" } },
];

/** B5: LSTM(32) over 20 steps of 8 features, then one linear output. */
export const LSTM_LAYERS: readonly LayerSpec[] = [
  { kind: "lstm", args: { units: 32, inputShape: [20, 8] } },
  { kind: "dense", args: { units: 1 } },
];

/** B3: a single linear neuron. */
export const TUTORIAL_LAYERS: readonly LayerSpec[] = [
  { kind: "dense", args: { units: 1, inputShape: [1] } },
];

/** The optimizer of each training case. */
export const OPTIMIZERS: Readonly<Record<string, OptimizerSpec>> = {
  sgd: { name: "sgd", learningRate: 0.05 },
  adam: { name: "adam", learningRate: 0.001 },
};
