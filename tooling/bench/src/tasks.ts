import {
  makeClassificationSet,
  makeSequenceSet,
  makeTutorialSet,
  SEEDS,
} from "./data.js";
import type { TrainingTask } from "./subjects/types.js";
import {
  CNN_LAYERS,
  LSTM_LAYERS,
  MLP_LAYERS,
  OPTIMIZERS,
  TUTORIAL_LAYERS,
  type BenchParams,
} from "./workloads.js";

/** Builds the training task of one case, with its seeded data. */
export function makeTask(
  workload: TrainingTask["workload"],
  caseId: string,
  params: BenchParams,
): TrainingTask {
  switch (workload) {
    case "mlp": {
      const data = makeClassificationSet({
        count: params.mlp.samples,
        inputShape: [784],
        classes: 10,
        seed: SEEDS.mlp,
      });
      return classification(workload, data, MLP_LAYERS, caseId, params.mlp.batchSize);
    }
    case "cnn": {
      const data = makeClassificationSet({
        count: params.cnn.samples,
        inputShape: [28, 28, 1],
        classes: 10,
        seed: SEEDS.cnn,
      });
      return classification(workload, data, CNN_LAYERS, caseId, params.cnn.batchSize);
    }
    case "lstm": {
      const data = makeSequenceSet({
        count: params.lstm.samples,
        timeSteps: 20,
        features: 8,
        seed: SEEDS.lstm,
      });
      return {
        workload,
        layers: LSTM_LAYERS,
        loss: "meanSquaredError",
        optimizer: optimizerFor(caseId),
        batchSize: params.lstm.batchSize,
        count: data.count,
        x: data.x,
        xShape: [data.count, data.timeSteps, data.features],
        y: data.y,
        yShape: [data.count, 1],
      };
    }
    case "tutorial": {
      const { x, y } = makeTutorialSet();
      return {
        workload,
        layers: TUTORIAL_LAYERS,
        loss: "meanSquaredError",
        optimizer: { name: "sgd", learningRate: 0.01 },
        batchSize: 32,
        count: x.length,
        x,
        xShape: [x.length, 1],
        y,
        yShape: [y.length, 1],
      };
    }
  }
}

function classification(
  workload: TrainingTask["workload"],
  data: ReturnType<typeof makeClassificationSet>,
  layers: TrainingTask["layers"],
  caseId: string,
  batchSize: number,
): TrainingTask {
  return {
    workload,
    layers,
    loss: "categoricalCrossentropy",
    optimizer: optimizerFor(caseId),
    batchSize,
    count: data.count,
    x: data.x,
    xShape: [data.count, ...data.inputShape],
    y: data.y,
    yShape: [data.count, data.classes],
  };
}

function optimizerFor(caseId: string) {
  const optimizer = OPTIMIZERS[caseId];
  if (!optimizer) {
    throw new Error(`No optimizer for case "${caseId}"; expected one of sgd, adam.`);
  }
  return optimizer;
}
