import type { UserWorkspaceConfig, ViteUserConfig } from "vitest/config";

export declare function myelinProject(
  name: string,
  test?: ViteUserConfig["test"],
): UserWorkspaceConfig;
