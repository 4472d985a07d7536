import type { Backend, TensorInfo } from "@myelin/backend";
import {
  buildKerasTrainer,
  type KerasLike,
  type KerasModel,
  type KerasTensor,
} from "./keras-like.js";
import { Loaded, type MatmulEntry, type Subject, type TrainingEntry } from "./types.js";

/**
 * The surface of the umbrella package `myelin` that the benchmark uses. It is
 * written out here, not imported, so the benchmark typechecks and reports
 * honestly while that surface is still being built.
 */
export interface MyelinApi {
  setup(options: { backend: "js" | "wasm"; threads?: number }): Promise<unknown>;
  tensor(values: Float32Array, shape: number[]): KerasTensor;
  sequential(layers: unknown[]): KerasModel;
  layers: Record<string, (args: object) => unknown>;
  optimizers: Record<string, (args: { learningRate: number }) => unknown>;
}

/** Exports each workload needs, as dotted paths into the module. */
const NEEDS = {
  mlp: ["sequential", "tensor", "layers.dense", "optimizers.sgd", "optimizers.adam"],
  cnn: [
    "sequential",
    "tensor",
    "layers.conv2d",
    "layers.maxPooling2d",
    "layers.flatten",
    "layers.dense",
    "optimizers.sgd",
  ],
  lstm: ["sequential", "tensor", "layers.lstm", "layers.dense", "optimizers.sgd"],
  tutorial: ["sequential", "tensor", "layers.dense", "optimizers.sgd"],
} as const;

/**
 * Returns the dotted paths that are not functions on `module`.
 *
 * @example
 * missingExports({ layers: {} }, ["layers.dense"]); // ["layers.dense"]
 */
export function missingExports(module: unknown, paths: readonly string[]): string[] {
  return paths.filter((dotted) => {
    let value: unknown = module;
    for (const key of dotted.split(".")) {
      value = value === null || value === undefined ? undefined : (value as never)[key];
    }
    return typeof value !== "function";
  });
}

/** "myelin does not export a, b yet", or true when nothing is missing. */
export function exportsCheck(
  name: string,
  module: unknown,
  paths: readonly string[],
): string | true {
  const missing = missingExports(module, paths);
  return missing.length === 0 ? true : `${name} does not export ${missing.join(", ")} yet`;
}

/** The message of an unknown thrown value, on one line. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]!.slice(0, 300);
}

/** Reads a Myelin tensor through whichever read method it has. */
export async function readTensor(tensor: unknown): Promise<ArrayLike<number>> {
  const t = tensor as {
    dataSync?: () => ArrayLike<number>;
    data?: () => Promise<ArrayLike<number>>;
    array?: () => Promise<unknown>;
  };
  if (typeof t.dataSync === "function") {
    return t.dataSync();
  }
  if (typeof t.data === "function") {
    return await t.data();
  }
  if (typeof t.array === "function") {
    return ((await t.array()) as unknown[]).flat(Infinity) as number[];
  }
  throw new Error("a myelin tensor has none of dataSync(), data() or array()");
}

/** Options of one configuration of the umbrella package. */
export interface MyelinSubjectOptions {
  id: string;
  library: string;
  setup: { backend: "js" | "wasm"; threads?: number };
}

/** Myelin's Keras-style models through the umbrella package's public API. */
export function myelinSubject(options: MyelinSubjectOptions): Subject {
  const api = new Loaded<MyelinApi>("myelin");
  const check = (paths: readonly string[]) => async () => exportsCheck("myelin", api.get(), paths);
  const train = (paths: readonly string[]): TrainingEntry => ({
    available: check(paths),
    build: (task) => buildKerasTrainer(myelinKeras(api.get()), task),
  });

  return {
    id: options.id,
    family: "myelin",
    library: options.library,
    async available() {
      let module: unknown;
      try {
        module = await import("myelin");
      } catch (error) {
        return `importing myelin failed: ${messageOf(error)}`;
      }
      const ready = exportsCheck("myelin", module, ["setup"]);
      if (ready !== true) {
        return ready;
      }
      const lib = api.set(module as MyelinApi);
      try {
        await lib.setup(options.setup);
      } catch (error) {
        return `myelin setup(${JSON.stringify(options.setup)}) failed: ${messageOf(error)}`;
      }
      return true;
    },
    mlp: train(NEEDS.mlp),
    cnn: train(NEEDS.cnn),
    lstm: train(NEEDS.lstm),
    tutorial: train(NEEDS.tutorial),
  };
}

function myelinKeras(my: MyelinApi): KerasLike {
  return {
    sequential: (layers) => my.sequential(layers),
    layer: (spec) => my.layers[spec.kind]!(spec.args),
    optimizer: (spec) => my.optimizers[spec.name]!({ learningRate: spec.learningRate }),
    tensor: (values, shape) => my.tensor(values, [...shape]),
    read: readTensor,
  };
}

/** Options of a subject measured on one backend made directly. */
export interface BackendSubjectOptions {
  id: string;
  library: string;
  /** Makes the backend, or returns why it cannot. */
  create(): Promise<Backend | string>;
  /** Checks the ready backend's configuration. */
  check?(backend: Backend): string | true;
}

/** Makes and readies the backend, or says why it cannot be used for matMul. */
async function makeBackend(options: BackendSubjectOptions): Promise<Backend | string> {
  let created: Backend | string;
  try {
    created = await options.create();
  } catch (error) {
    return `creating the backend failed: ${messageOf(error)}`;
  }
  if (typeof created === "string") {
    return created;
  }
  try {
    await created.ready?.();
  } catch (error) {
    return `backend ${created.name} failed to start: ${messageOf(error)}`;
  }
  if (!created.kernels.MatMul) {
    return `backend ${created.name} has no MatMul kernel yet`;
  }
  const verdict = options.check?.(created) ?? true;
  return verdict === true ? created : verdict;
}

/** The `MatMul` kernel of one backend, called through the backend contract. */
export function kernelSubject(options: BackendSubjectOptions): Subject {
  const backend = new Loaded<Backend>(options.id);
  return {
    id: options.id,
    family: "myelin",
    library: options.library,
    async available() {
      const made = await makeBackend(options);
      if (typeof made === "string") {
        return made;
      }
      backend.set(made);
      return true;
    },
    matmul: kernelMatmul(backend),
  };
}

function kernelMatmul(loaded: Loaded<Backend>): MatmulEntry {
  return {
    async prepare(a, b, n) {
      const backend = loaded.get();
      const kernel = backend.kernels.MatMul!;
      const size = n * n;
      const info = (dataId: TensorInfo["dataId"]): TensorInfo => ({
        dataId,
        shape: [n, n],
        dtype: "float32",
        size,
      });
      const inputs = [info(backend.write(a, "float32")), info(backend.write(b, "float32"))];
      const output = info(backend.alloc(size, "float32"));
      const attrs = { transposeA: false, transposeB: false };
      return {
        run() {
          kernel({ inputs, outputs: [output], attrs });
          return backend.read(output.dataId, "float32", size);
        },
        dispose() {
          [...inputs, output].forEach((tensor) => backend.free(tensor.dataId));
        },
      };
    },
  };
}

/** The part of `@myelin/tensor-core` the op-level rows use, written out for the same reason. */
export interface TensorCoreApi {
  registerBackend(
    name: string,
    create: () => Backend,
    options?: { priority?: number; replace?: boolean },
  ): void;
  setBackend(name: string): Promise<unknown>;
  tensor(values: Float32Array, shape: readonly number[]): KerasTensor;
  matMul(a: KerasTensor, b: KerasTensor): KerasTensor;
}

const CORE_NEEDS = ["registerBackend", "setBackend", "tensor", "matMul"];

/**
 * The public `matMul` op of `@myelin/tensor-core` on one backend, registered
 * explicitly: shape checks, dispatch, a new output tensor and the read-back
 * are all inside the timed call.
 */
export function opSubject(options: BackendSubjectOptions): Subject {
  const core = new Loaded<TensorCoreApi>("@myelin/tensor-core");
  return {
    id: options.id,
    family: "myelin",
    library: options.library,
    async available() {
      let module: unknown;
      try {
        module = await import("@myelin/tensor-core");
      } catch (error) {
        return `importing @myelin/tensor-core failed: ${messageOf(error)}`;
      }
      const ready = exportsCheck("@myelin/tensor-core", module, CORE_NEEDS);
      if (ready !== true) {
        return ready;
      }
      const made = await makeBackend(options);
      if (typeof made === "string") {
        return made;
      }
      const lib = core.set(module as TensorCoreApi);
      lib.registerBackend(options.id, () => made, { replace: true });
      await lib.setBackend(options.id);
      return true;
    },
    matmul: {
      async prepare(a, b, n) {
        const lib = core.get();
        const ta = lib.tensor(a, [n, n]);
        const tb = lib.tensor(b, [n, n]);
        return {
          async run() {
            const c = lib.matMul(ta, tb);
            const values = await readTensor(c);
            c.dispose?.();
            return values;
          },
          dispose() {
            ta.dispose?.();
            tb.dispose?.();
          },
        };
      },
    },
  };
}
