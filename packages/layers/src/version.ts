/** This package's version, written into serialized models next to each entry's name. */
export const VERSION = "0.1.0";

/** The npm name under which this package registers its entries. */
export const PACKAGE_NAME = "@myelin/layers";
