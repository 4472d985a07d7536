import { type NamedActivation, serializeActivation } from "@myelin/activations";
import {
  add,
  matMul,
  mul,
  noGrad,
  reshape,
  slice,
  split,
  sub,
  type Tensor,
  tensor,
  assign,
  type Variable,
} from "@myelin/tensor-core";
import type { ActivationSpec } from "../layers/resolve-activation.js";
import { resolveActivation } from "../layers/resolve-activation.js";
import { type RecurrentArgs, RNN, type StepContext } from "./rnn.js";

/** Options of {@link simpleRNN}. */
export type SimpleRNNArgs = RecurrentArgs;

/**
 * A fully connected recurrent layer: h_t = activation(x_t W + h_{t-1} U + b).
 * The output of a step is its hidden state.
 */
export class SimpleRNN extends RNN {
  static override className = "SimpleRNN";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: SimpleRNNArgs) {
    super(args);
  }

  protected override get gates(): number {
    return 1;
  }

  override get stateCount(): number {
    return 1;
  }

  protected override step({ projected, recurrentInput }: StepContext): Tensor[] {
    const z = add(projected, matMul(recurrentInput, this.recurrentKernel!));
    return [this.activation(z)];
  }
}

/** Options of {@link lstm}. */
export interface LSTMArgs extends RecurrentArgs {
  /** Applied to the input, forget and output gates (default sigmoid). */
  recurrentActivation?: ActivationSpec | null;
  /** Start the forget gate's bias at 1, Keras's default (default true). */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory (Hochreiter and Schmidhuber), in Keras's form and
 * gate order i, f, c, o: with z = x_t W + h_{t-1} U + b,
 * i, f, o = recurrentActivation(z_i, z_f, z_o), g = activation(z_c),
 * c_t = f c_{t-1} + i g and h_t = o activation(c_t). States [h, c].
 */
export class LSTM extends RNN {
  static override className = "LSTM";

  readonly recurrentActivation: NamedActivation;
  readonly unitForgetBias: boolean;

  constructor(args: LSTMArgs) {
    super(args);
    this.recurrentActivation = resolveActivation(
      args.recurrentActivation === undefined ? "sigmoid" : args.recurrentActivation,
      this.registry,
    );
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  protected override get gates(): number {
    return 4;
  }

  override get stateCount(): number {
    return 2;
  }

  protected override addBias(): Variable {
    const bias = super.addBias();
    if (this.unitForgetBias) {
      const values = Float64Array.from(bias.data());
      values.fill(1, this.units, 2 * this.units);
      noGrad(() =>
        assign(
          bias,
          tensor(bias.dtype === "float64" ? values : Float32Array.from(values), bias.shape),
        ),
      );
    }
    return bias;
  }

  protected override step({ projected, states, recurrentInput }: StepContext): Tensor[] {
    const c = states[1]!;
    const z = add(projected, matMul(recurrentInput, this.recurrentKernel!));
    // One split node: the backward pass joins the four gate gradients in one pass.
    const [zi, zf, zc, zo] = split(z, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const i = this.recurrentActivation(zi);
    const f = this.recurrentActivation(zf);
    const o = this.recurrentActivation(zo);
    const g = this.activation(zc);
    const cNext = add(mul(f, c), mul(i, g));
    const hNext = mul(o, this.activation(cNext));
    return [hNext, cNext];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrentActivation: serializeActivation(this.recurrentActivation),
      unitForgetBias: this.unitForgetBias,
    };
  }
}

/** Options of {@link gru}. */
export interface GRUArgs extends RecurrentArgs {
  /** Applied to the update and reset gates (default sigmoid). */
  recurrentActivation?: ActivationSpec | null;
  /**
   * Apply the reset gate after the recurrent matMul, with a separate
   * recurrent bias (default true, Keras 2+ and cuDNN); false is the original form.
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al.), in Keras's form and gate order z, r, h.
 * With resetAfter (the default) the bias is [2, 3 * units] (input row, recurrent
 * row) and hh = activation(x W_h + b_h + r (h U_h + b'_h)); without it the bias is
 * [3 * units] and hh = activation(x W_h + b_h + (r h) U_h). Then
 * h_t = z h_{t-1} + (1 - z) hh.
 */
export class GRU extends RNN {
  static override className = "GRU";

  readonly recurrentActivation: NamedActivation;
  readonly resetAfter: boolean;
  private recurrentBias: Tensor | null = null;
  private gateKernel: Tensor | null = null;
  private candidateKernel: Tensor | null = null;

  constructor(args: GRUArgs) {
    super(args);
    this.recurrentActivation = resolveActivation(
      args.recurrentActivation === undefined ? "sigmoid" : args.recurrentActivation,
      this.registry,
    );
    this.resetAfter = args.resetAfter ?? true;
  }

  protected override get gates(): number {
    return 3;
  }

  override get stateCount(): number {
    return 1;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): Tensor | null {
    if (this.bias === null || !this.resetAfter) {
      return this.bias;
    }
    return reshape(slice(this.bias, [0, 0], [1, 3 * this.units]), [3 * this.units]);
  }

  protected override beforeLoop(): void {
    const units = this.units;
    const kernel = this.recurrentKernel!;
    if (this.resetAfter) {
      this.recurrentBias =
        this.bias === null ? null : reshape(slice(this.bias, [1, 0], [1, 3 * units]), [3 * units]);
      return;
    }
    this.gateKernel = slice(kernel, [0, 0], [units, 2 * units]);
    this.candidateKernel = slice(kernel, [0, 2 * units], [units, units]);
  }

  protected override step({ projected, states, recurrentInput }: StepContext): Tensor[] {
    const units = this.units;
    const h = states[0]!;
    // Split nodes rather than column slices: each joins its parts' gradients in one pass.
    const [projectedGates, projectedCandidate] = split(projected, [2 * units, units], 1) as [
      Tensor,
      Tensor,
    ];
    let z: Tensor;
    let candidate: Tensor;
    if (this.resetAfter) {
      const product = matMul(recurrentInput, this.recurrentKernel!);
      const inner = this.recurrentBias === null ? product : add(product, this.recurrentBias);
      const [innerGates, innerCandidate] = split(inner, [2 * units, units], 1) as [Tensor, Tensor];
      const [zGate, r] = split(this.recurrentActivation(add(projectedGates, innerGates)), 2, 1);
      z = zGate!;
      candidate = add(projectedCandidate, mul(r!, innerCandidate));
    } else {
      const gateInput = add(projectedGates, matMul(recurrentInput, this.gateKernel!));
      const [zGate, r] = split(this.recurrentActivation(gateInput), 2, 1);
      z = zGate!;
      candidate = add(projectedCandidate, matMul(mul(r!, recurrentInput), this.candidateKernel!));
    }
    const hh = this.activation(candidate);
    // z h + (1 - z) hh, with one product.
    return [add(hh, mul(z, sub(h, hh)))];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrentActivation: serializeActivation(this.recurrentActivation),
      resetAfter: this.resetAfter,
    };
  }
}

/**
 * A simple recurrent layer.
 *
 * @example
 * simpleRNN({ units: 8, returnSequences: true, inputShape: [10, 3] })
 */
export const simpleRNN = (args: SimpleRNNArgs): SimpleRNN => new SimpleRNN(args).checkArgs();

/**
 * An LSTM layer.
 *
 * @example
 * lstm({ units: 32, inputShape: [20, 1] })   // [n, 20, 1] -> [n, 32]
 */
export const lstm = (args: LSTMArgs): LSTM => new LSTM(args).checkArgs();

/**
 * A GRU layer.
 *
 * @example
 * gru({ units: 16, returnSequences: true })
 */
export const gru = (args: GRUArgs): GRU => new GRU(args).checkArgs();
