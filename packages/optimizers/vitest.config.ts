import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("optimizers", { setupFiles: ["test/setup.ts"] });
