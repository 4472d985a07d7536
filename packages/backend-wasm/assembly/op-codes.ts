// Operation codes shared with src/op-codes.ts. Each list follows the order of
// UNARY_OPS, BINARY_OPS and REDUCE_OPS in @myelin/backend; a test checks it.

export const UNARY_NEG = 0;
export const UNARY_ABS = 1;
export const UNARY_SIGN = 2;
export const UNARY_EXP = 3;
export const UNARY_EXPM1 = 4;
export const UNARY_LOG = 5;
export const UNARY_LOG1P = 6;
export const UNARY_SQRT = 7;
export const UNARY_RSQRT = 8;
export const UNARY_SQUARE = 9;
export const UNARY_RECIPROCAL = 10;
export const UNARY_SIN = 11;
export const UNARY_COS = 12;
export const UNARY_TANH = 13;
export const UNARY_SIGMOID = 14;
export const UNARY_RELU = 15;
export const UNARY_STEP = 16;
export const UNARY_FLOOR = 17;
export const UNARY_CEIL = 18;
export const UNARY_ROUND = 19;
export const UNARY_ERF = 20;
export const UNARY_SOFTPLUS = 21;
export const UNARY_IS_NAN = 22;
export const UNARY_IS_FINITE = 23;
export const UNARY_LOGICAL_NOT = 24;
// Beyond the interface's list: logicalNot of float32 (x == 0, NaN is true).
export const UNARY_LOGICAL_NOT_FLOAT = 25;

export const BINARY_ADD = 0;
export const BINARY_SUB = 1;
export const BINARY_MUL = 2;
export const BINARY_DIV = 3;
export const BINARY_POW = 4;
export const BINARY_MAXIMUM = 5;
export const BINARY_MINIMUM = 6;
export const BINARY_SQUARED_DIFFERENCE = 7;
export const BINARY_FLOOR_DIV = 8;
export const BINARY_MOD = 9;
export const BINARY_ATAN2 = 10;
export const BINARY_EQUAL = 11;
export const BINARY_NOT_EQUAL = 12;
export const BINARY_LESS = 13;
export const BINARY_LESS_EQUAL = 14;
export const BINARY_GREATER = 15;
export const BINARY_GREATER_EQUAL = 16;
export const BINARY_LOGICAL_AND = 17;
export const BINARY_LOGICAL_OR = 18;
// Beyond the interface's list: the logical ops on float32 (nonzero is true, NaN too).
export const BINARY_LOGICAL_AND_FLOAT = 19;
export const BINARY_LOGICAL_OR_FLOAT = 20;

export const REDUCE_SUM = 0;
export const REDUCE_MAX = 1;
export const REDUCE_MIN = 2;
export const REDUCE_PROD = 3;
export const REDUCE_ANY = 4;
export const REDUCE_ALL = 5;
// Beyond the interface's list: any and all of float32 (nonzero is true, NaN too).
export const REDUCE_ANY_FLOAT = 6;
export const REDUCE_ALL_FLOAT = 7;
