import { type Tensor, Variable } from "./tensor.js";

/** Saved context a gradient function receives. */
export interface GradContext<A = Record<string, unknown>> {
  inputs: readonly Tensor[];
  output: Tensor;
  attrs: A;
  /**
   * Whether each input needs a gradient (false for data the tape does not
   * track). Gradient functions may skip the work for the others and return null.
   */
  needsGrad: readonly boolean[];
}

/**
 * A gradient function: given the gradient of the loss with respect to the op's
 * output, returns one gradient per input (null where an input gets none).
 * It is written with ops, so it holds on every backend.
 */
export type GradFn<A = Record<string, unknown>> = (
  dy: Tensor,
  context: GradContext<A>,
) => readonly (Tensor | null)[];

/** What the gradient of an op with several outputs receives. */
export interface MultiGradContext<A = Record<string, unknown>> {
  inputs: readonly Tensor[];
  outputs: readonly Tensor[];
  attrs: A;
  needsGrad: readonly boolean[];
}

/**
 * The gradient of an op with several outputs (split): one upstream gradient
 * per output, null for outputs the loss does not reach. It runs once for all
 * outputs, so the pieces can be joined in one pass instead of each being
 * padded to the input's size and summed.
 */
export type MultiGradFn<A = Record<string, unknown>> = (
  dys: readonly (Tensor | null)[],
  context: MultiGradContext<A>,
) => readonly (Tensor | null)[];

export interface TapeNode {
  op: string;
  context: GradContext;
  /** Set for ops with several outputs; `context.output` is then the first of them. */
  outputs?: readonly Tensor[];
}

/** Records differentiable ops while a gradient is being taken. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  active = true;
  /** Track every trainable variable an op reads, not only watched tensors. */
  watchTrainable = false;
}

let activeTape: Tape | null = null;
let paused = 0;

export function currentTape(): Tape | null {
  return paused > 0 ? null : activeTape;
}

/** @internal */
export function setActiveTape(tape: Tape | null): Tape | null {
  const previous = activeTape;
  activeTape = tape;
  return previous;
}

/** Runs `fn` without recording gradients (inference, optimizer updates). */
export function noGrad<T>(fn: () => T): T {
  paused++;
  try {
    return fn();
  } finally {
    paused--;
  }
}

const gradients = new Map<string, GradFn<never>>();

/** Registers the gradient of an op. Every differentiable op has exactly one. */
export function defineGradient<A>(op: string, fn: GradFn<A>): void {
  if (gradients.has(op)) {
    throw new Error(`The gradient of ${op} is defined twice.`);
  }
  gradients.set(op, fn as GradFn<never>);
}

export function getGradient(op: string): GradFn | undefined {
  return gradients.get(op) as GradFn | undefined;
}

const multiGradients = new Map<string, MultiGradFn<never>>();

/** Registers the gradient of an op with several outputs. */
export function defineMultiGradient<A>(op: string, fn: MultiGradFn<A>): void {
  if (gradients.has(op) || multiGradients.has(op)) {
    throw new Error(`The gradient of ${op} is defined twice.`);
  }
  multiGradients.set(op, fn as MultiGradFn<never>);
}

export function getMultiGradient(op: string): MultiGradFn | undefined {
  return multiGradients.get(op) as MultiGradFn | undefined;
}

/** Names of every op with a gradient; the gradient property tests walk this list. */
export function differentiableOps(): string[] {
  return [...gradients.keys(), ...multiGradients.keys()].sort();
}

/** Records an op on the active tape when any input is tracked. */
export function record<A extends object>(
  op: string,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: A,
): void {
  recordNode(op, inputs, output, undefined, attrs);
}

/** Records an op with several outputs; its gradient comes from {@link defineMultiGradient}. */
export function recordMany<A extends object>(
  op: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  attrs: A,
): void {
  if (outputs.length > 0) {
    recordNode(op, inputs, outputs[0]!, outputs, attrs);
  }
}

function recordNode(
  op: string,
  inputs: readonly Tensor[],
  output: Tensor,
  outputs: readonly Tensor[] | undefined,
  attrs: object,
): void {
  const tape = currentTape();
  if (tape === null) {
    return;
  }
  let tracked = false;
  for (const input of inputs) {
    if (input.tape === tape) {
      tracked = true;
    } else if (tape.watchTrainable && input instanceof Variable && input.trainable) {
      input.tape = tape;
      tracked = true;
    }
  }
  if (!tracked) {
    return;
  }
  if (outputs === undefined) {
    output.tape = tape;
  } else {
    for (const out of outputs) {
      out.tape = tape;
    }
  }
  // Inputs such as scalars made from plain numbers are untracked but the
  // gradient reads them, so scopes must not free them while the tape is active.
  for (const input of inputs) {
    input.savedBy = tape;
  }
  const needsGrad = inputs.map((input) => input.tape === tape);
  const context = { inputs, output, attrs: attrs as Record<string, unknown>, needsGrad };
  tape.nodes.push(outputs === undefined ? { op, context } : { op, context, outputs });
}
