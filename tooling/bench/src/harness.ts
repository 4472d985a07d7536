import { createRandom, makeMatrix, SEEDS } from "./data.js";
import type { CaseResult } from "./protocol.js";
import { summarize } from "./stats.js";
import type {
  MatmulCall,
  MatmulEntry,
  Trainer,
  TrainingEntry,
  TrainingTask,
} from "./subjects/types.js";
import type { MatmulParams, TrainingParams, TutorialParams } from "./workloads.js";

const now = () => performance.now();

/** Calls once, awaiting only when the call really returns a promise. */
async function callOnce(call: MatmulCall): Promise<ArrayLike<number>> {
  const result = call.run();
  return result instanceof Promise ? await result : result;
}

/**
 * Times C = A.B for one size: warm-up (so V8 has optimised the code), a check
 * of the result, then timed batches; the figure is the median batch GFLOP/s.
 */
export async function measureMatmul(
  entry: MatmulEntry,
  n: number,
  params: MatmulParams,
): Promise<CaseResult> {
  const a = makeMatrix(n, SEEDS.matrixA);
  const b = makeMatrix(n, SEEDS.matrixB);
  const call = await entry.prepare(a, b, n);

  let last: ArrayLike<number>;
  let calls = 0;
  const warmStart = now();
  do {
    last = await callOnce(call);
    calls++;
  } while (calls < params.warmupCalls || now() - warmStart < params.warmupMs);
  const maxError = checkProduct(a, b, n, last);

  const flops = 2 * n ** 3;
  const rates: number[] = [];
  for (let batch = 0; batch < params.batches; batch++) {
    let count = 0;
    const start = now();
    do {
      await callOnce(call);
      count++;
    } while (now() - start < params.batchMs);
    const seconds = (now() - start) / 1000;
    rates.push((flops * count) / seconds / 1e9);
  }
  call.dispose();

  const value = summarize(rates).median;
  return { value, samples: rates, check: `max err ${maxError.toExponential(1)}` };
}

/** Entries of C compared against a float64 dot product. */
const CHECKED_ENTRIES = 32;

/**
 * Compares sampled entries of C with a float64 reference and returns the
 * largest absolute error.
 *
 * @throws Error naming the entry when C has the wrong length or an entry is
 * off by more than float32 rounding allows.
 */
export function checkProduct(
  a: Float32Array,
  b: Float32Array,
  n: number,
  c: ArrayLike<number>,
): number {
  if (c.length !== n * n) {
    throw new Error(`matMul returned ${c.length} values; expected ${n} x ${n} = ${n * n}.`);
  }
  const random = createRandom(n);
  let maxError = 0;
  for (let s = 0; s < CHECKED_ENTRIES; s++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    let exact = 0;
    let magnitude = 0;
    for (let k = 0; k < n; k++) {
      const term = a[i * n + k]! * b[k * n + j]!;
      exact += term;
      magnitude += Math.abs(term);
    }
    const error = Math.abs(c[i * n + j]! - exact);
    // float32 accumulation error grows with the sum of |terms|; a wrong layout is off by O(1).
    if (!(error <= 2e-5 * magnitude + 1e-6)) {
      throw new Error(
        `matMul result is wrong at C[${i}, ${j}] for N=${n}: got ${c[i * n + j]}, ` +
          `expected ${exact.toPrecision(7)} (float64 reference).`,
      );
    }
    maxError = Math.max(maxError, error);
  }
  return maxError;
}

/**
 * Trains warm-up epochs, then times the timed epochs in one `fit` call;
 * samples/s = timed epochs x samples / seconds.
 */
export async function measureTraining(
  entry: TrainingEntry,
  task: TrainingTask,
  params: TrainingParams,
): Promise<CaseResult> {
  const trainer = await entry.build(task);
  const warm = await warmUp(trainer, params);

  const start = now();
  const timed = await trainer.fit(params.timedEpochs);
  const seconds = (now() - start) / 1000;
  trainer.dispose?.();

  const value = (params.timedEpochs * task.count) / seconds;
  return { value, check: lossCheck(warm?.[0] ?? timed?.[0], timed?.at(-1)) };
}

/** Longest warm-up, in epochs, whatever `warmupMs` asks for. */
const MAX_WARMUP_EPOCHS = 50;

/**
 * Trains `warmupEpochs`, then one epoch at a time until `warmupMs` has passed;
 * returns the losses of the first warm-up call (undefined without warm-up).
 */
async function warmUp(
  trainer: Trainer,
  params: TrainingParams,
): Promise<readonly number[] | undefined> {
  if (params.warmupEpochs <= 0) {
    return undefined;
  }
  const start = now();
  const first = await trainer.fit(params.warmupEpochs);
  let epochs = params.warmupEpochs;
  while (now() - start < params.warmupMs && epochs < MAX_WARMUP_EPOCHS) {
    await trainer.fit(1);
    epochs++;
  }
  return first;
}

/**
 * Times one `fit` of a new tutorial model and reads its prediction at x = 11.
 * The "cold" case is the process's first fit; the "warm" case first fits
 * throwaway models for `warmupMs` (at least two of them).
 */
export async function measureTutorial(
  entry: TrainingEntry,
  task: TrainingTask,
  params: TutorialParams,
  caseId: string,
): Promise<CaseResult> {
  const { epochs } = params;
  if (caseId === "warm") {
    const start = now();
    for (let fits = 0; fits < 2 || now() - start < params.warmupMs; fits++) {
      const throwaway = await entry.build(task);
      await throwaway.fit(epochs);
      throwaway.dispose?.();
    }
  }
  const trainer = await entry.build(task);

  const start = now();
  const losses = await trainer.fit(epochs);
  const ms = now() - start;

  const output = trainer.predict ? await trainer.predict(Float32Array.of(11), [1, 1]) : undefined;
  trainer.dispose?.();
  const parts = [
    output === undefined ? undefined : `f(11) = ${output[0]!.toFixed(3)}`,
    losses?.length ? `loss ${formatLoss(losses.at(-1)!)}` : undefined,
  ];
  return { value: ms, check: parts.filter(Boolean).join(", ") || undefined };
}

function lossCheck(first: number | undefined, last: number | undefined): string | undefined {
  if (first === undefined || last === undefined) {
    return undefined;
  }
  return `loss ${formatLoss(first)} -> ${formatLoss(last)}`;
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) ? loss.toPrecision(4) : String(loss);
}
