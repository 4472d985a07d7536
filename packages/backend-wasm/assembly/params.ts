// Kernels that take shapes read them as i32 lists that the host writes into
// a parameter block.

/** The i-th i32 of the parameter block at p. */
// @ts-ignore: decorator
@inline export function param(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
