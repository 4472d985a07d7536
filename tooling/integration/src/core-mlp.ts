import {
  add,
  applyOptimizerStep,
  Generator,
  logSoftmax,
  matMul,
  mean,
  mul,
  neg,
  randomNormal,
  relu,
  sum,
  type Tensor,
  tidy,
  type Variable,
  variable,
  variableGrads,
  zeros,
} from "@myelin/tensor-core";

/** A multilayer perceptron written with tensor-core ops only, trained by SGD. */
export interface CoreMlp {
  /** Weights and biases, layer by layer. */
  readonly variables: readonly Variable[];
  /**
   * One SGD step on a batch, inside `tidy` unless `tidy: false`; returns the
   * mean softmax cross-entropy of the batch before the update.
   */
  step(x: Tensor, y: Tensor, options?: { tidy?: boolean }): number;
  /** Frees the variables. */
  dispose(): void;
}

/** Options of {@link createCoreMlp}. */
export interface CoreMlpOptions {
  /** Units per layer, inputs first: [784, 128, 64, 10]. */
  sizes: readonly number[];
  /** Seeds the weights (He-normal). */
  seed: number;
  learningRate?: number;
}

/**
 * Builds an MLP on the current backend: ReLU between layers, logits out,
 * softmax cross-entropy against one-hot targets, gradients by
 * `variableGrads` and updates by `applyOptimizerStep` (one fused kernel per
 * variable where the backend has it).
 *
 * @example
 * const mlp = createCoreMlp({ sizes: [4, 8, 3], seed: 1 });
 * const loss = mlp.step(x, y); // x [batch, 4], y [batch, 3] one-hot
 */
export function createCoreMlp(options: CoreMlpOptions): CoreMlp {
  const { sizes, seed } = options;
  const learningRate = options.learningRate ?? 0.05;
  const generator = new Generator(seed);
  const variables: Variable[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const fanIn = sizes[i - 1]!;
    const units = sizes[i]!;
    const stddev = Math.sqrt(2 / fanIn);
    // tidy frees the initial values, which the variables copy.
    const [w, b] = tidy(() => [
      variable(randomNormal([fanIn, units], { generator, stddev }), { name: `w${i}` }),
      variable(zeros([units]), { name: `b${i}` }),
    ]);
    variables.push(w, b);
  }

  const loss = (x: Tensor, y: Tensor): Tensor => {
    let h = x;
    for (let i = 0; i < variables.length; i += 2) {
      h = add(matMul(h, variables[i]!), variables[i + 1]!);
      if (i + 2 < variables.length) {
        h = relu(h);
      }
    }
    const perSample = neg(sum(mul(y, logSoftmax(h)), { axis: -1 }));
    return mean(perSample);
  };

  const train = (x: Tensor, y: Tensor): number => {
    const { value, grads } = variableGrads(() => loss(x, y), variables);
    for (const [v, g] of grads) {
      applyOptimizerStep(v, g, [], { rule: "sgd", learningRate, params: {} });
    }
    return value.item();
  };

  return {
    variables,
    step(x, y, stepOptions = {}) {
      return stepOptions.tidy === false ? train(x, y) : tidy(() => train(x, y));
    },
    dispose() {
      variables.forEach((v) => v.dispose());
    },
  };
}
