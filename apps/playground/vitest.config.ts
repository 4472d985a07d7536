import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("playground", { include: ["src/**/*.test.ts"] });
