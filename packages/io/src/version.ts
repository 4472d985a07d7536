/** This package's version, written into each model file's metadata. */
export const VERSION = "0.1.0";
