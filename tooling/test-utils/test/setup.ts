import { createJsBackend } from "@myelin/backend-js";
import { listBackends, registerBackend } from "@myelin/tensor-core";

if (!listBackends().includes("js")) {
  registerBackend("js", createJsBackend, { priority: 1 });
}
