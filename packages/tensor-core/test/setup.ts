import { createJsBackend } from "@myelin/backend-js";
import { listBackends, registerBackend } from "../src/index.js";

if (!listBackends().includes("js")) {
  registerBackend("js", createJsBackend, { priority: 1 });
}
