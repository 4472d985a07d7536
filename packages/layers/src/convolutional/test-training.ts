import {
  applyOptimizerStep,
  gather,
  Generator,
  logSoftmax,
  mean,
  mul,
  neg,
  oneHot,
  sum,
  type Tensor,
  tensor,
  type Variable,
  variable,
  variableGrads,
  zerosLike,
} from "@myelin/tensor-core";

// A minimal training loop for the layer tests. @myelin/model sits above this
// package and cannot be imported here, so the real-task tests drive the
// layers directly: Adam through tensor-core's fused step, shuffled mini-batches.

/** Adam over a fixed list of variables, stepping them in place. */
export class Adam {
  private step = 0;
  private readonly slots = new Map<Variable, Variable[]>();

  constructor(private readonly learningRate: number) {}

  /** One update from the gradients of a step. */
  apply(grads: Map<Variable, Tensor>): void {
    this.step += 1;
    for (const [v, g] of grads) {
      let slots = this.slots.get(v);
      if (slots === undefined) {
        slots = [variable(zerosLike(v), { trainable: false }), variable(zerosLike(v), { trainable: false })];
        this.slots.set(v, slots);
      }
      const params = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: this.step };
      applyOptimizerStep(v, g, slots, { rule: "adam", learningRate: this.learningRate, params });
    }
  }
}

/** Options of {@link train}. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * Trains by mini-batch Adam: each epoch shuffles the rows of x and y and
 * steps on `loss(xBatch, yBatch)` for the given variables. Returns each epoch's mean loss.
 */
export function train(
  x: Tensor,
  y: Tensor,
  variables: readonly Variable[],
  loss: (x: Tensor, y: Tensor) => Tensor,
  options: TrainOptions,
): number[] {
  const optimizer = new Adam(options.learningRate);
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
      const xb = gather(x, index, 0);
      const yb = gather(y, index, 0);
      const { value, grads } = variableGrads(() => loss(xb, yb), variables);
      optimizer.apply(grads);
      total += value.item() * index.length;
    }
    history.push(total / rows);
  }
  return history;
}

/** Mean cross-entropy of integer labels [...] against logits [..., classes]. */
export function sparseCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const classes = logits.shape[logits.rank - 1]!;
  const target = oneHot(labels, classes, logits.dtype);
  return neg(mean(sum(mul(target, logSoftmax(logits, -1)), { axis: -1 })));
}

/** Fraction of rows whose largest logit is at the label. */
export function accuracyOf(logits: Tensor, labels: ArrayLike<number>): number {
  const values = logits.data();
  const classes = logits.shape[logits.rank - 1]!;
  let correct = 0;
  for (let r = 0; r < labels.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if (values[r * classes + c]! > values[r * classes + best]!) {
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
