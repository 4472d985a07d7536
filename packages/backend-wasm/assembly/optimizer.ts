// One fused optimizer update per element, in place (float32). The host works
// out the bias corrections, so each rule here is a pure elementwise step.

// Rule codes, shared with src/kernels/optimizer-step.ts.
const SGD = 0;
const MOMENTUM = 1;
const NESTEROV = 2;
const ADAM = 3;
const ADAMW = 4;
const RMSPROP = 5;
const ADAGRAD = 6;
const ADAMAX = 7;

/**
 * Applies `rule` to n elements of w with gradient g and slots s1, s2.
 * h0..h5 are the rule's hyper-parameters:
 * momentum/nesterov (momentum), adam/adamw (beta1, beta2, epsilon,
 * 1 / (1 - beta1^t), 1 / (1 - beta2^t), weightDecay), rmsprop (rho, -,
 * epsilon), adagrad (-, -, epsilon), adamax (beta1, beta2, epsilon,
 * 1 / (1 - beta1^t)).
 */
/**
 * Slot values that decay toward zero (moments of weights whose gradient is
 * zero, e.g. behind a dead ReLU) reach float32's subnormal range after about
 * 800 Adam steps, and subnormal arithmetic is tens of times slower on x86.
 * Values this small change an update by less than lr * 1e-23, so they are
 * stored as zero instead; Wasm has no flush-to-zero mode to do it for us.
 */
const TINY: f32 = 1e-30;

// @ts-ignore: decorator
@inline function flushV(x: v128): v128 {
  return v128.and(x, f32x4.ge(f32x4.abs(x), f32x4.splat(TINY)));
}

// @ts-ignore: decorator
@inline function flushS(x: f32): f32 {
  return abs<f32>(x) < TINY ? 0 : x;
}

export function optimizerStep(
  rule: i32,
  w: usize,
  g: usize,
  s1: usize,
  s2: usize,
  n: i32,
  lr: f32,
  h0: f32,
  h1: f32,
  h2: f32,
  h3: f32,
  h4: f32,
  h5: f32,
): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vlr = f32x4.splat(lr);
    const v0 = f32x4.splat(h0);
    const v1 = f32x4.splat(h1);
    const v2 = f32x4.splat(h2);
    const v3 = f32x4.splat(h3);
    const v4 = f32x4.splat(h4);
    const v5 = f32x4.splat(h5);
    const one = f32x4.splat(1.0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      let wv = v128.load(w + o);
      const gv = v128.load(g + o);
      switch (rule) {
        case SGD: {
          wv = f32x4.sub(wv, f32x4.mul(vlr, gv));
          break;
        }
        case MOMENTUM:
        case NESTEROV: {
          const step = f32x4.mul(vlr, gv);
          const v = flushV(f32x4.sub(f32x4.mul(v0, v128.load(s1 + o)), step));
          v128.store(s1 + o, v);
          wv = rule == MOMENTUM
            ? f32x4.add(wv, v)
            : f32x4.add(wv, f32x4.sub(f32x4.mul(v0, v), step));
          break;
        }
        case ADAM:
        case ADAMW: {
          if (rule == ADAMW) {
            wv = f32x4.sub(wv, f32x4.mul(f32x4.mul(vlr, v5), wv));
          }
          const m = flushV(
            f32x4.add(f32x4.mul(v0, v128.load(s1 + o)), f32x4.mul(f32x4.sub(one, v0), gv)),
          );
          const g2 = f32x4.mul(gv, gv);
          const v = flushV(
            f32x4.add(f32x4.mul(v1, v128.load(s2 + o)), f32x4.mul(f32x4.sub(one, v1), g2)),
          );
          v128.store(s1 + o, m);
          v128.store(s2 + o, v);
          const den = f32x4.add(f32x4.sqrt(f32x4.mul(v, v4)), v2);
          wv = f32x4.sub(wv, f32x4.div(f32x4.mul(vlr, f32x4.mul(m, v3)), den));
          break;
        }
        case RMSPROP: {
          const g2 = f32x4.mul(gv, gv);
          const s = flushV(
            f32x4.add(f32x4.mul(v0, v128.load(s1 + o)), f32x4.mul(f32x4.sub(one, v0), g2)),
          );
          v128.store(s1 + o, s);
          const den = f32x4.add(f32x4.sqrt(s), v2);
          wv = f32x4.sub(wv, f32x4.div(f32x4.mul(vlr, gv), den));
          break;
        }
        case ADAGRAD: {
          const a = f32x4.add(v128.load(s1 + o), f32x4.mul(gv, gv));
          v128.store(s1 + o, a);
          const den = f32x4.add(f32x4.sqrt(a), v2);
          wv = f32x4.sub(wv, f32x4.div(f32x4.mul(vlr, gv), den));
          break;
        }
        default: {
          const m = flushV(
            f32x4.add(f32x4.mul(v0, v128.load(s1 + o)), f32x4.mul(f32x4.sub(one, v0), gv)),
          );
          const u = flushV(f32x4.max(f32x4.mul(v1, v128.load(s2 + o)), f32x4.abs(gv)));
          v128.store(s1 + o, m);
          v128.store(s2 + o, u);
          const step = f32x4.div(f32x4.mul(f32x4.mul(vlr, v3), m), f32x4.add(u, v2));
          wv = f32x4.sub(wv, step);
        }
      }
      v128.store(w + o, wv);
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let wv = load<f32>(w + o);
    const gv = load<f32>(g + o);
    switch (rule) {
      case SGD: {
        wv -= lr * gv;
        break;
      }
      case MOMENTUM:
      case NESTEROV: {
        const step = lr * gv;
        const v = flushS(h0 * load<f32>(s1 + o) - step);
        store<f32>(s1 + o, v);
        wv += rule == MOMENTUM ? v : h0 * v - step;
        break;
      }
      case ADAM:
      case ADAMW: {
        if (rule == ADAMW) {
          wv -= lr * h5 * wv;
        }
        const m = flushS(h0 * load<f32>(s1 + o) + (1.0 - h0) * gv);
        const v = flushS(h1 * load<f32>(s2 + o) + (1.0 - h1) * gv * gv);
        store<f32>(s1 + o, m);
        store<f32>(s2 + o, v);
        wv -= (lr * (m * h3)) / (sqrt<f32>(v * h4) + h2);
        break;
      }
      case RMSPROP: {
        const s = flushS(h0 * load<f32>(s1 + o) + (1.0 - h0) * gv * gv);
        store<f32>(s1 + o, s);
        wv -= (lr * gv) / (sqrt<f32>(s) + h2);
        break;
      }
      case ADAGRAD: {
        const a = load<f32>(s1 + o) + gv * gv;
        store<f32>(s1 + o, a);
        wv -= (lr * gv) / (sqrt<f32>(a) + h2);
        break;
      }
      case ADAMAX: {
        const m = flushS(h0 * load<f32>(s1 + o) + (1.0 - h0) * gv);
        const u = flushS(max<f32>(h1 * load<f32>(s2 + o), abs<f32>(gv)));
        store<f32>(s1 + o, m);
        store<f32>(s2 + o, u);
        wv -= (lr * h3 * m) / (u + h2);
        break;
      }
      default: unreachable();
    }
    store<f32>(w + o, wv);
  }
}
