import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("model", { setupFiles: ["test/setup.ts"] });
