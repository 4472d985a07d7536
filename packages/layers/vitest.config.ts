import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("layers", { setupFiles: ["test/setup.ts"] });
