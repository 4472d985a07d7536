import type { Backend } from "@myelin/backend";
import {
  exportsCheck,
  kernelSubject,
  myelinSubject,
  opSubject,
  type BackendSubjectOptions,
} from "./myelin-common.js";

/** Myelin's Keras-style models on the pure-JavaScript backend. */
export const myelinJs = myelinSubject({
  id: "myelin-js",
  library: 'myelin (workspace source), setup({ backend: "js" })',
  setup: { backend: "js" },
});

async function createJs(): Promise<Backend | string> {
  const module: unknown = await import("@myelin/backend-js");
  const ready = exportsCheck("@myelin/backend-js", module, ["createJsBackend"]);
  if (ready !== true) {
    return ready;
  }
  return (module as { createJsBackend(): Backend | Promise<Backend> }).createJsBackend();
}

const js = (id: string, library: string): BackendSubjectOptions => ({
  id,
  library,
  create: createJs,
});

/** The public matMul op of the tensor core on the JavaScript backend. */
export const myelinJsOp = opSubject(
  js("myelin-js-op", "@myelin/tensor-core matMul on createJsBackend()"),
);

/** The JavaScript backend's MatMul kernel, called directly. */
export const myelinJsKernel = kernelSubject(
  js("myelin-js-kernel", "@myelin/backend-js createJsBackend(), MatMul kernel"),
);
