import type * as Tf from "@tensorflow/tfjs";
import { buildKerasTrainer, type KerasLike } from "./keras-like.js";
import { Loaded, type MatmulEntry, type Subject, type TrainingEntry } from "./types.js";

type TfModule = typeof Tf;

/** Options of one tfjs configuration. */
export interface TfjsSubjectOptions {
  id: string;
  library: string;
  /** Selects and initialises the backend. */
  activate(tf: TfModule): Promise<void>;
  /** Expected backend name after `activate`. */
  backend: string;
}

/** A tfjs subject on one backend. */
export function tfjsSubject(options: TfjsSubjectOptions): Subject {
  const tf = new Loaded<TfModule>("@tensorflow/tfjs");
  const train: TrainingEntry = {
    build: (task) => buildKerasTrainer(tfjsKeras(tf.get()), task),
  };

  return {
    id: options.id,
    family: "peer",
    library: options.library,
    async available() {
      const module = tf.set(await import("@tensorflow/tfjs"));
      await options.activate(module);
      await module.ready();
      const active = module.getBackend();
      if (active !== options.backend) {
        return `tfjs backend is "${active}", expected "${options.backend}"`;
      }
      return true;
    },
    matmul: tfjsMatmul(tf),
    mlp: train,
    cnn: train,
    lstm: train,
    tutorial: train,
  };
}

function tfjsMatmul(tf: Loaded<TfModule>): MatmulEntry {
  return {
    async prepare(a, b, n) {
      const lib = tf.get();
      const ta = lib.tensor2d(a, [n, n]);
      const tb = lib.tensor2d(b, [n, n]);
      return {
        run() {
          const c = lib.matMul(ta, tb);
          const values = c.dataSync();
          c.dispose();
          return values;
        },
        dispose() {
          ta.dispose();
          tb.dispose();
        },
      };
    },
  };
}

function tfjsKeras(tf: TfModule): KerasLike {
  return {
    sequential: (layers) => tf.sequential({ layers: layers as Tf.layers.Layer[] }),
    layer(spec) {
      const factory = tf.layers[spec.kind] as (args: object) => Tf.layers.Layer;
      return factory(spec.args);
    },
    optimizer(spec) {
      return spec.name === "sgd"
        ? tf.train.sgd(spec.learningRate)
        : tf.train.adam(spec.learningRate);
    },
    tensor: (values, shape) => tf.tensor(values, [...shape]),
    read: async (tensor) => (tensor as Tf.Tensor).dataSync(),
  } as KerasLike;
}
