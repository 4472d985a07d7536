import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("test-utils", { setupFiles: ["test/setup.ts"] });
