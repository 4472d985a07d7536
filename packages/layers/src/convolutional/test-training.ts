import {
  applyOptimizerStep,
  clip,
  gather,
  Generator,
  log,
  logSoftmax,
  mean,
  mul,
  neg,
  oneHot,
  sum,
  type Tensor,
  tensor,
  tidy,
  type Variable,
  variable,
  variableGrads,
  zerosLike,
} from "@myelin/tensor-core";

// A minimal training loop for the layer tests. @myelin/model sits above this
// package and cannot be imported here, so the real-task tests drive the
// layers directly: Adam through tensor-core's fused step, shuffled mini-batches.

/** A fixed learning rate, or a schedule of the step (0 for the first update). */
export type Rate = number | ((step: number) => number);

/** Adam over a fixed list of variables, stepping them in place. */
export class Adam {
  private step = 0;
  private readonly slots: Map<Variable, Variable[]>;

  constructor(
    variables: readonly Variable[],
    private readonly learningRate: Rate,
  ) {
    // Created here, outside any tidy scope, so the step scopes never free them.
    this.slots = new Map(
      variables.map((v) => [
        v,
        [
          variable(zerosLike(v), { trainable: false }),
          variable(zerosLike(v), { trainable: false }),
        ],
      ]),
    );
  }

  /** One update from the gradients of a step. */
  apply(grads: Map<Variable, Tensor>): void {
    const rate =
      typeof this.learningRate === "number" ? this.learningRate : this.learningRate(this.step);
    this.step += 1;
    const params = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: this.step };
    for (const [v, g] of grads) {
      applyOptimizerStep(v, g, this.slots.get(v)!, { rule: "adam", learningRate: rate, params });
    }
  }
}

/** Options of {@link train}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: Rate;
  seed: number;
  /** Called after each epoch with its index and mean loss (for progress logs). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains by mini-batch Adam: each epoch shuffles the rows of x and y and
 * steps on `loss(xBatch, yBatch)` for the given (already built) variables.
 * Returns each epoch's mean loss.
 */
export function train(
  x: Tensor,
  y: Tensor,
  variables: readonly Variable[],
  loss: (x: Tensor, y: Tensor) => Tensor,
  options: TrainOptions,
): number[] {
  const optimizer = new Adam(variables, options.learningRate);
  const generator = new Generator(options.seed);
  const rows = x.shape[0]!;
  const history: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = Array.from({ length: rows }, (_, i) => i);
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(generator.uniform() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let total = 0;
    for (let start = 0; start < rows; start += options.batchSize) {
      const index = order.slice(start, start + options.batchSize);
      tidy(() => {
        const xb = gather(x, index, 0);
        const yb = gather(y, index, 0);
        const { value, grads } = variableGrads(() => loss(xb, yb), variables);
        optimizer.apply(grads);
        total += value.item() * index.length;
      });
    }
    history.push(total / rows);
    options.onEpoch?.(epoch, total / rows);
  }
  return history;
}

/** Mean cross-entropy of integer labels [...] against logits [..., classes]. */
export function sparseCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const classes = logits.shape[logits.rank - 1]!;
  const target = oneHot(labels, classes, logits.dtype);
  return neg(mean(sum(mul(target, logSoftmax(logits, -1)), { axis: -1 })));
}

/** Mean cross-entropy of integer labels against probabilities (clipped to [1e-7, 1], as Keras). */
export function probabilityCrossEntropy(probabilities: Tensor, labels: Tensor): Tensor {
  const classes = probabilities.shape[probabilities.rank - 1]!;
  const target = oneHot(labels, classes, probabilities.dtype);
  return neg(mean(sum(mul(target, log(clip(probabilities, 1e-7, 1))), { axis: -1 })));
}

/** Fraction of rows whose largest score is at the label. */
export function accuracyOf(
  scores: ArrayLike<number>,
  classes: number,
  labels: ArrayLike<number>,
): number {
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (scores[r * classes + c]! > scores[r * classes + best]!) {
        best = c;
      }
    }
    correct += best === labels[r] ? 1 : 0;
  }
  return correct / labels.length;
}

/** Integer labels as a float32 tensor (gather-friendly for batching). */
export function labelTensor(labels: ArrayLike<number>, shape: readonly number[]): Tensor {
  return tensor(Float32Array.from(labels), shape);
}
