import { MyelinError, ShapeError, formatShape } from "./errors.js";
import { ones, zerosLike } from "./create.js";
import { add } from "./ops/elementwise.js";
import { shapesEqual } from "./shape.js";
import { currentTape, getGradient, getMultiGradient, noGrad, setActiveTape, Tape, type TapeNode } from "./tape.js";
import { type Tensor, Variable } from "./tensor.js";

function runBackward(tape: Tape, output: Tensor, seed: Tensor | undefined): Map<number, Tensor> {
  const grads = new Map<number, Tensor>();
  if (seed !== undefined && !shapesEqual(seed.shape, output.shape)) {
    throw new ShapeError("grad", { output: output.shape, dy: seed.shape }, `the seed gradient is ${formatShape(seed.shape)} but the output is ${formatShape(output.shape)}`, "Pass dy with the output's shape.");
  }
  grads.set(output.id, seed ?? ones(output.shape, output.dtype));
  noGrad(() => {
    for (let i = tape.nodes.length - 1; i >= 0; i--) {
      const node = tape.nodes[i]!;
      const inputGrads = node.outputs === undefined ? singleOutputGrads(node, grads) : multiOutputGrads(node, node.outputs, grads);
      if (inputGrads === null) {
        continue;
      }
      node.context.inputs.forEach((input, j) => {
        const g = inputGrads[j];
        if (g === null || g === undefined || input.tape !== tape) {
          return;
        }
        const previous = grads.get(input.id);
        grads.set(input.id, previous === undefined ? g : add(previous, g));
      });
    }
  });
  return grads;
}

function singleOutputGrads(node: TapeNode, grads: Map<number, Tensor>): readonly (Tensor | null)[] | null {
  const dy = grads.get(node.context.output.id);
  if (dy === undefined) {
    return null;
  }
  const gradient = getGradient(node.op);
  if (gradient === undefined) {
    throw new MyelinError("no_gradient", `No gradient is defined for op ${node.op}.`);
  }
  return gradient(dy, node.context);
}

function multiOutputGrads(node: TapeNode, outputs: readonly Tensor[], grads: Map<number, Tensor>): readonly (Tensor | null)[] | null {
  const dys = outputs.map((out) => grads.get(out.id) ?? null);
  if (dys.every((dy) => dy === null)) {
    return null;
  }
  const gradient = getMultiGradient(node.op);
  if (gradient === undefined) {
    throw new MyelinError("no_gradient", `No gradient is defined for op ${node.op}.`);
  }
  const { inputs, attrs, needsGrad } = node.context;
  return gradient(dys, { inputs, outputs, attrs, needsGrad });
}

function scalarCheck(op: string, value: Tensor): void {
  if (value.size !== 1) {
    throw new ShapeError(op, { output: value.shape }, `f returned ${formatShape(value.shape)}, but ${op} needs a single value (a loss)`, "Reduce it with sum() or mean(), or use vjp with an explicit dy.");
  }
}

function withTape<T>(fn: (tape: Tape) => T): T {
  if (currentTape() !== null) {
    throw new MyelinError("nested_gradient", "Gradients of gradients are not supported: a gradient tape is already recording.", { hint: "Take one gradient at a time." });
  }
  const tape = new Tape();
  const previous = setActiveTape(tape);
  try {
    return fn(tape);
  } finally {
    setActiveTape(previous);
  }
}

function finish(tape: Tape): void {
  tape.active = false;
  for (const node of tape.nodes) {
    node.context.output.tape = null;
    node.outputs?.forEach((out) => (out.tape = null));
  }
}

/**
 * Returns a function computing f and the gradients of f's (scalar) result
 * with respect to each tensor argument. An argument f does not use gets zeros.
 *
 * @throws ShapeError when f does not return a single value.
 * @example
 * const [loss, [dw]] = valueAndGrad((w) => sum(square(w)))(tensor([1, 2])); // dw = [2, 4]
 */
export function valueAndGrad<Args extends Tensor[]>(f: (...args: Args) => Tensor) {
  return (...args: Args): [Tensor, Tensor[]] => {
    const { value, grads } = differentiate(() => f(...args), args, "valueAndGrad");
    return [value, grads];
  };
}

/** Like {@link valueAndGrad}, returning only the gradients. */
export function grad<Args extends Tensor[]>(f: (...args: Args) => Tensor) {
  return (...args: Args): Tensor[] => valueAndGrad(f)(...args)[1];
}

/**
 * Computes f() and the gradients of its scalar result with respect to the
 * given variables (by default every trainable variable f touches).
 */
export function variableGrads(
  f: () => Tensor,
  variables?: readonly Variable[],
): { value: Tensor; grads: Map<Variable, Tensor> } {
  const targets = variables ?? null;
  const { value, grads, touched } = differentiate(f, targets ?? [], "variableGrads", targets === null);
  const result = new Map<Variable, Tensor>();
  const list = targets ?? touched;
  list.forEach((v, i) => {
    const g = targets === null ? grads[i] : grads[list.indexOf(v)];
    if (g !== undefined) {
      result.set(v, g);
    }
  });
  return { value, grads: result };
}

/**
 * Vector-Jacobian product: the gradient of sum(f(x) * dy) with respect to each
 * argument, for non-scalar outputs.
 */
export function vjp<Args extends Tensor[]>(f: (...args: Args) => Tensor, args: Args, dy: Tensor): [Tensor, Tensor[]] {
  const { value, grads } = differentiate(() => f(...args), args, "vjp", false, dy);
  return [value, grads];
}

function differentiate(
  f: () => Tensor,
  sources: readonly Tensor[],
  op: string,
  allTrainable = false,
  seed?: Tensor,
): { value: Tensor; grads: Tensor[]; touched: Variable[] } {
  return withTape((tape) => {
    const saved = sources.map((a) => a.tape);
    sources.forEach((a) => (a.tape = tape));
    tape.watchTrainable = allTrainable;
    try {
      const value = f();
      if (seed === undefined) {
        scalarCheck(op, value);
      }
      setActiveTape(null);
      const touched: Variable[] = [];
      if (allTrainable) {
        const seen = new Set<number>();
        for (const node of tape.nodes) {
          for (const input of node.context.inputs) {
            if (input instanceof Variable && input.tape === tape && !seen.has(input.id)) {
              seen.add(input.id);
              touched.push(input);
            }
          }
        }
      }
      const map = value.tape === tape ? runBackward(tape, value, seed) : new Map<number, Tensor>();
      const wanted = allTrainable ? touched : sources;
      const grads = wanted.map((a) => map.get(a.id) ?? zerosLike(a));
      return { value, grads, touched };
    } finally {
      sources.forEach((a, i) => (a.tape = saved[i]!));
      finish(tape);
    }
  });
}
