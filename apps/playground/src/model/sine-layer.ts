import {
  add,
  Layer,
  type LayerArgs,
  type LayerShape,
  mul,
  type Registry,
  sin,
  type Tensor,
  ValueError,
  type Variable,
} from "myelin";

/** Registry package of the playground's own plugins. */
export const PLAYGROUND_PACKAGE = "@myelin/playground";
/** Version written next to the package in saved models. */
export const PLAYGROUND_VERSION = "0.1.0";

/** Options of the {@link Sine} layer. */
export interface SineArgs extends LayerArgs {
  /** Starting frequency of every input (default 1). */
  initialFrequency?: number;
}

/**
 * An example custom layer: `sin(frequency * x + phase)` per input, with one
 * learned frequency and phase per input feature. Periodic features help a
 * small network wind around the spiral. It shows how an app adds a layer
 * type: subclass `Layer`, give it a `className`, register it, and it appears
 * in the playground's layer list and saves like any built-in.
 */
export class Sine extends Layer {
  static override className = "Sine";

  readonly initialFrequency: number;
  private frequency: Variable | null = null;
  private phase: Variable | null = null;

  constructor(args: SineArgs = {}) {
    super(args);
    const start = args.initialFrequency ?? 1;
    if (!Number.isFinite(start)) {
      throw new ValueError(
        "sine",
        `initialFrequency is ${start}`,
        "Pass a finite number such as 1.",
      );
    }
    this.initialFrequency = start;
  }

  override build(inputShape: LayerShape): void {
    const features = inputShape[inputShape.length - 1];
    if (inputShape.length !== 2 || features === null || features === undefined) {
      throw new ValueError(
        this.label,
        `the input shape is ${JSON.stringify(inputShape)}`,
        "A sine layer takes rows of features: [batch, features].",
      );
    }
    this.frequency = this.addWeight("frequency", [features], {
      className: "constant",
      config: { value: this.initialFrequency },
    });
    this.phase = this.addWeight("phase", [features], "zeros");
  }

  override call(x: Tensor): Tensor {
    return sin(add(mul(x, this.frequency!), this.phase!));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initialFrequency: this.initialFrequency };
  }
}

/** Registers the playground's custom layers (kind "layer"), once per registry. */
export function registerPlaygroundLayers(registry: Registry): void {
  if (registry.has("layer", "sine")) {
    return;
  }
  registry.register({
    kind: "layer",
    name: "sine",
    package: PLAYGROUND_PACKAGE,
    version: PLAYGROUND_VERSION,
    create: (config: Record<string, unknown>) => Sine.fromConfig(config),
    description: "Custom layer: sin(frequency · x + phase), learned per input.",
  });
}
