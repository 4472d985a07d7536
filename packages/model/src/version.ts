/** This package's version, written into saved models. */
export const VERSION = "0.1.0";

/** The npm name under which this package registers metrics and callbacks. */
export const PACKAGE_NAME = "@myelin/model";
