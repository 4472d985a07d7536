import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("losses", { setupFiles: ["test/setup.ts"] });
