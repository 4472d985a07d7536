import { add as addOp, concat, formatShape, ShapeError, type Tensor } from "@myelin/tensor-core";
import { type CallOptions, Layer, type LayerArgs } from "../layer.js";
import { formatLayerShape, type LayerShape } from "../shape.js";

function asList(label: string, shape: LayerShape | LayerShape[]): LayerShape[] {
  const list = shape.length > 0 && Array.isArray(shape[0]) ? (shape as LayerShape[]) : null;
  if (list === null || list.length < 2) {
    throw new ShapeError(
      label,
      {},
      "a merge layer needs a list of at least two inputs",
      "Call it on [a, b, ...].",
    );
  }
  return list;
}

/** Options of {@link concatenate}. */
export interface ConcatenateArgs extends LayerArgs {
  /** The axis joined along (default -1). */
  axis?: number;
}

/** Joins its inputs along one axis; the other axes must agree. */
export class Concatenate extends Layer {
  static override className = "Concatenate";

  readonly axis: number;

  constructor(args: ConcatenateArgs = {}) {
    super(args);
    this.axis = args.axis ?? -1;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shapes = asList(this.label, inputShape);
    const rank = shapes[0]!.length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    const bad = shapes.find(
      (s) => s.length !== rank || s.some((d, i) => i !== axis && i !== 0 && d !== shapes[0]![i]),
    );
    if (bad !== undefined || axis <= 0 || axis >= rank) {
      throw new ShapeError(
        this.label,
        {},
        `cannot join ${shapes.map(formatLayerShape).join(", ")} along axis ${this.axis}`,
        "Every axis except the joined one must match, and the batch axis cannot be joined.",
      );
    }
    const joined = shapes.some((s) => s[axis] === null)
      ? null
      : shapes.reduce((n, s) => n + (s[axis] as number), 0);
    return shapes[0]!.map((d, i) => (i === axis ? joined : d));
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    this.computeOutputShape(inputShape);
  }

  override call(inputs: Tensor[], _options: CallOptions): Tensor {
    return concat(inputs, this.axis);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/** Adds its inputs elementwise; they must have one shape. */
export class Add extends Layer {
  static override className = "Add";
  /** Its inherited getConfig() lists every option it takes. */
  static override extraArgs: readonly string[] = [];

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    const shapes = asList(this.label, inputShape);
    const first = shapes[0]!;
    const bad = shapes.find(
      (s) => s.length !== first.length || s.some((d, i) => i > 0 && d !== first[i]),
    );
    if (bad !== undefined) {
      throw new ShapeError(
        this.label,
        {},
        `inputs ${shapes.map(formatLayerShape).join(" and ")} differ; an add layer needs one shape`,
        "Project the inputs to one shape first, e.g. with a dense layer.",
      );
    }
    return first;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    this.computeOutputShape(inputShape);
  }

  override call(inputs: Tensor[], _options: CallOptions): Tensor {
    const shape = inputs[0]!.shape;
    const mismatch = inputs.find(
      (t) => t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i]),
    );
    if (mismatch) {
      throw new ShapeError(
        this.label,
        {},
        `inputs ${formatShape(shape)} and ${formatShape(mismatch.shape)} differ`,
      );
    }
    return inputs.slice(1).reduce((sum, t) => addOp(sum, t), inputs[0]!);
  }
}

/** Joins inputs along an axis (functional API). */
export const concatenate = (args: ConcatenateArgs = {}): Concatenate =>
  new Concatenate(args).checkArgs();

/** Adds inputs elementwise (functional API). */
export const add = (args: LayerArgs = {}): Add => new Add(args).checkArgs();
