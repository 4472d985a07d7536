import type { Linter } from "eslint";

export declare function myelinLint(options?: {
  packageName?: string;
  allowConsole?: boolean;
}): Linter.Config[];
