import { InvalidArgumentError } from 'commander';

export function parseIntArg(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what} must be a whole number, got "${value}"`);
  return n;
}

export function parseFloatArg(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number, got "${value}"`);
  return n;
}
