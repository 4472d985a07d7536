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

export interface TapeNode {
  op: string;
  context: GradContext;
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

/** Names of every op with a gradient; the gradient property tests walk this list. */
export function differentiableOps(): string[] {
  return [...gradients.keys()].sort();
}

/** Records an op on the active tape when any input is tracked. */
export function record<A extends object>(
  op: string,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: A,
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
  output.tape = tape;
  // Inputs such as scalars made from plain numbers are untracked but the
  // gradient reads them, so scopes must not free them while the tape is active.
  for (const input of inputs) {
    input.savedBy = tape;
  }
  const needsGrad = inputs.map((input) => input.tape === tape);
  tape.nodes.push({ op, context: { inputs, output, attrs: attrs as Record<string, unknown>, needsGrad } });
}
