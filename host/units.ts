// User units → the core's integers. The core keeps time in whole nanoseconds and rates in whole
// bytes per second (assembly/engine/clock.ts, assembly/net/link.ts); every conversion from a
// scenario field goes through here, so there is one rounding rule: the product value × unit is
// computed in binary64 and rounded to the nearest integer, halves away from zero (Math.round on
// the non-negative values the schemas allow). 1.005 s is 1 005 000 000 ns even though
// 1.005 × 1e9 is 1004999999.9999999 in binary64.

export const NS_PER_US = 1e3;
export const NS_PER_MS = 1e6;
export const NS_PER_S = 1e9;

// Integer nanoseconds for `value` in a unit of `unitNs` ns; `field` names the input in the error
// a value the core's clock cannot hold would raise (the schemas' ranges keep every field far below).
export function nsFrom(value: number, unitNs: number, field: string): number {
  return toInteger(value * unitNs, field, "ns");
}

// Integer bytes per second for a rate in `unitBps` bytes per second.
export function bytesPerSecondFrom(value: number, unitBps: number, field: string): number {
  return toInteger(value * unitBps, field, "B/s");
}

function toInteger(x: number, field: string, unit: string): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  if (!Number.isSafeInteger(r)) throw new RangeError(`${field}: ${x} ${unit} is not a representable whole number of ${unit}`);
  return r === 0 ? 0 : r; // no −0
}
