import { roundHalfEven } from './quant-params';

/** Rounds a float to the nearest IEEE half value (ties to even), as a float16 Cast does. */
export function fp16Round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  const quantum = 2 ** (Math.max(e, -14) - 10);
  const r = roundHalfEven(a / quantum) * quantum;
  return Math.sign(x) * (r > 65504 ? Infinity : r);
}
