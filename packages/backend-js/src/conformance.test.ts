import { describeBackendConformance } from "@myelin/backend-conformance";

import { createJsBackend } from "./index.js";

describeBackendConformance("js", createJsBackend);
