/**
 * The contract between Myelin's tensor core and the backends that compute.
 *
 * Design, stated once here:
 * - The tensor core validates every op (shapes, dtypes, axes) and works out the
 *   output shape *before* it calls a kernel, so kernels never re-check. A kernel
 *   receives its inputs and already-allocated outputs and fills the outputs.
 * - A backend implements a small required kernel set (see {@link REQUIRED_KERNELS}).
 *   Everything else is optional: the tensor core ships a default composition of
 *   required kernels, and a backend overrides an optional kernel only for speed.
 * - When a backend lacks a required kernel, the engine runs it on the reference
 *   JS backend (copying data across) and reports that once per kernel.
 * - Storage belongs to the backend. A {@link DataId} is an opaque handle; only
 *   the backend that made it can read it.
 */

export * from "./kernels.js";
export * from "./backend.js";
export * from "./shape.js";
