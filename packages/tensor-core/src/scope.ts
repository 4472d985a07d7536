/**
 * Memory scopes. On the JS backend the garbage collector frees everything, so
 * scopes only matter for backends with their own memory (Wasm). A scope records
 * the tensors created while it is current and disposes them when it ends,
 * except those it returns or that are kept.
 *
 * The current scope stack lives in an AsyncLocalStorage when the platform has
 * one (Node), so a scope opened before an `await` still owns what is created
 * after it, and concurrent async work does not mix scopes. Browsers have no
 * such context: there, keep async scopes sequential.
 */

/** What a scope needs from a tensor. */
export interface Disposable {
  readonly id: number;
  readonly isDisposed: boolean;
  dispose(): void;
  /** True while an active gradient tape still needs it. */
  readonly heldByTape: boolean;
  /** Puts it under the GC safety net once no scope that is sure to end owns it. */
  watchCollection?(): void;
}

export class ScopeFrame {
  readonly tensors: Disposable[] = [];
  readonly kept = new Set<number>();
  ended = false;
  /**
   * @param endsSurely - true for tidy, which ends in a `finally` before it
   *   returns; an asyncScope may never settle and a memoryScope ends only
   *   when its owner disposes it.
   */
  constructor(
    readonly name: string,
    readonly endsSurely: boolean,
  ) {}
}

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

function makeAsyncStorage(): AsyncLocalStorageLike<ScopeFrame[]> | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const hooks = proc?.getBuiltinModule?.("node:async_hooks") as
    | { AsyncLocalStorage: new () => AsyncLocalStorageLike<ScopeFrame[]> }
    | undefined;
  return hooks ? new hooks.AsyncLocalStorage() : null;
}

const asyncStorage = makeAsyncStorage();
const rootStack: ScopeFrame[] = [];

function currentStack(): ScopeFrame[] {
  return asyncStorage?.getStore() ?? rootStack;
}

/**
 * Called for every new tensor: the innermost scope takes ownership. Returns
 * true when that scope is sure to end, so it will dispose the tensor or hand
 * it on; otherwise the tensor needs the GC safety net.
 */
export function trackInScope(tensor: Disposable): boolean {
  const stack = currentStack();
  const top = stack[stack.length - 1];
  if (top === undefined) {
    return false;
  }
  top.tensors.push(tensor);
  return top.endsSurely;
}

/** Hands a tensor that outlives its scope to the enclosing one, or to the GC safety net. */
function handOn(tensor: Disposable, parent: ScopeFrame | undefined): void {
  if (parent !== undefined && !parent.ended) {
    parent.tensors.push(tensor);
    if (parent.endsSurely) {
      return;
    }
  }
  tensor.watchCollection?.();
}

function collectTensors(value: unknown, found: Set<number>, depth = 0): void {
  if (value === null || typeof value !== "object" || depth > 6) {
    return;
  }
  if ("id" in value && "isDisposed" in value && "dispose" in value) {
    found.add((value as Disposable).id);
    return;
  }
  const items = value instanceof Map ? [...value.values()] : Object.values(value);
  for (const item of items) {
    collectTensors(item, found, depth + 1);
  }
}

function endFrame(stack: ScopeFrame[], frame: ScopeFrame, result: unknown): void {
  const index = stack.lastIndexOf(frame);
  if (index >= 0) {
    stack.splice(index, 1);
  }
  frame.ended = true;
  const escaping = new Set(frame.kept);
  collectTensors(result, escaping);
  const parent = stack[stack.length - 1];
  for (const tensor of frame.tensors) {
    if (tensor.isDisposed) {
      continue;
    }
    if (escaping.has(tensor.id) || tensor.heldByTape) {
      handOn(tensor, parent);
    } else {
      tensor.dispose();
    }
  }
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns
 * (tensors inside returned arrays and plain objects count too) and those passed
 * to {@link keep}. `fn` must be synchronous; see {@link asyncScope} otherwise.
 *
 * @example
 * const y = tidy(() => add(mul(x, 2), 1)); // the intermediate mul(x, 2) is freed
 */
export function tidy<T>(fn: () => T, name = "tidy"): T {
  const stack = currentStack();
  const frame = new ScopeFrame(name, true);
  stack.push(frame);
  let result: T | undefined;
  try {
    result = fn();
    if (result instanceof Promise) {
      throw new TypeError(
        "tidy() got an async function. Use `await asyncScope(async () => ...)` instead.",
      );
    }
    return result;
  } finally {
    endFrame(stack, frame, result);
  }
}

/**
 * Like {@link tidy} for async work: tensors created across `await`s inside `fn`
 * belong to this scope (in Node, through AsyncLocalStorage).
 */
export async function asyncScope<T>(fn: () => Promise<T>, name = "asyncScope"): Promise<T> {
  const parentStack = currentStack();
  const stack = [...parentStack];
  // An async body may never settle, leaving its frame behind: keep the safety net.
  const frame = new ScopeFrame(name, false);
  stack.push(frame);
  const run = async (): Promise<T> => {
    let result: T | undefined;
    try {
      result = await fn();
      return result;
    } finally {
      endFrame(stack, frame, result);
      const parent = parentStack[parentStack.length - 1];
      if (parent && !stack.includes(parent)) {
        frame.tensors.filter((t) => !t.isDisposed).forEach((t) => handOn(t, parent));
      }
    }
  };
  if (asyncStorage) {
    return asyncStorage.run(stack, run);
  }
  parentStack.push(frame);
  try {
    return await fn();
  } finally {
    endFrame(parentStack, frame, undefined);
  }
}

/** A scope that ends when disposed, for `using`: `using scope = memoryScope();`. */
export interface MemoryScope {
  /** Keeps tensors alive past the end of the scope. */
  keep<T>(value: T): T;
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * Opens a scope that ends on `dispose()` or at the end of a `using` block.
 *
 * @example
 * {
 *   using scope = memoryScope();
 *   const h = relu(matMul(x, w));
 *   result = scope.keep(sum(h));
 * } // h is freed here
 */
export function memoryScope(name = "memoryScope"): MemoryScope {
  const stack = currentStack();
  const frame = new ScopeFrame(name, false);
  stack.push(frame);
  const end = (): void => {
    if (!frame.ended) {
      endFrame(stack, frame, undefined);
    }
  };
  return {
    keep<T>(value: T): T {
      collectTensors(value, frame.kept);
      return value;
    },
    dispose: end,
    [Symbol.dispose]: end,
  };
}

/** Keeps a tensor alive past the end of the innermost scope. */
export function keep<T extends Disposable>(tensor: T): T {
  const stack = currentStack();
  for (const frame of stack) {
    frame.kept.add(tensor.id);
  }
  return tensor;
}
