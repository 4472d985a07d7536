import { tfjsSubject } from "./tfjs-common.js";

/** TensorFlow.js on its pure-JavaScript cpu backend. */
export const tfjsCpu = tfjsSubject({
  id: "tfjs-cpu",
  library: "@tensorflow/tfjs 4.22.0, cpu backend",
  backend: "cpu",
  async activate(tf) {
    await tf.setBackend("cpu");
  },
});
