/**
 * Float64 reference update rules, written from the formulas (Keras's
 * momentum form, the paper's Adam with epsilon on sqrt(v-hat)), with their
 * state in plain arrays.
 */

export interface ReferenceRule {
  /** Applies step t (counted from 1) in place. */
  step(w: number[], g: readonly number[], t: number): void;
}

type Params = Record<string, number>;

export function referenceRule(name: string, p: Params, size: number): ReferenceRule {
  const s1 = new Array<number>(size).fill(
    name === "adagrad" ? p.initialAccumulatorValue ?? 0.1 : 0,
  );
  const s2 = new Array<number>(size).fill(0);
  const lr = p.learningRate!;
  const eps = p.epsilon ?? 1e-7;
  const b1 = p.beta1 ?? 0.9;
  const b2 = p.beta2 ?? 0.999;
  return {
    step(w, g, t) {
      for (let i = 0; i < size; i++) {
        const gi = g[i]!;
        switch (name) {
          case "sgd":
            w[i]! -= lr * gi;
            break;
          case "momentum":
          case "nesterov": {
            s1[i] = p.momentum! * s1[i]! - lr * gi;
            w[i]! += name === "momentum" ? s1[i]! : p.momentum! * s1[i]! - lr * gi;
            break;
          }
          case "adam":
          case "adamw": {
            if (name === "adamw") {
              w[i]! -= lr * p.weightDecay! * w[i]!;
            }
            s1[i] = b1 * s1[i]! + (1 - b1) * gi;
            s2[i] = b2 * s2[i]! + (1 - b2) * gi * gi;
            const mHat = s1[i]! / (1 - b1 ** t);
            const vHat = s2[i]! / (1 - b2 ** t);
            w[i]! -= (lr * mHat) / (Math.sqrt(vHat) + eps);
            break;
          }
          case "rmsprop": {
            const rho = p.rho ?? 0.9;
            s1[i] = rho * s1[i]! + (1 - rho) * gi * gi;
            w[i]! -= (lr * gi) / (Math.sqrt(s1[i]!) + eps);
            break;
          }
          case "adagrad":
            s1[i]! += gi * gi;
            w[i]! -= (lr * gi) / (Math.sqrt(s1[i]!) + eps);
            break;
          case "adamax": {
            s1[i] = b1 * s1[i]! + (1 - b1) * gi;
            s2[i] = Math.max(b2 * s2[i]!, Math.abs(gi));
            w[i]! -= ((lr / (1 - b1 ** t)) * s1[i]!) / (s2[i]! + eps);
            break;
          }
          default:
            throw new Error(`no reference rule ${name}`);
        }
      }
    },
  };
}
