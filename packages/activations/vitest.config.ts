import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("activations", { setupFiles: ["test/setup.ts"] });
