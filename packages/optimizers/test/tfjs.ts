import * as tf from "@tensorflow/tfjs";

/** TensorFlow.js 4.22 on its plain CPU backend, the reference the comparison tests use. */
export async function loadTfjs(): Promise<typeof tf> {
  await tf.setBackend("cpu");
  await tf.ready();
  return tf;
}

export type Tfjs = typeof tf;
