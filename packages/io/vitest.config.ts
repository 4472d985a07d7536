import { myelinProject } from "@myelin/vitest-config";

export default myelinProject("io");
