/** Version of the CLI, shown by `myelin --version`. */
export const VERSION = "0.1.0";
