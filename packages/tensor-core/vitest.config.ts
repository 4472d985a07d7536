import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("tensor-core", { setupFiles: ["test/setup.ts"] });
