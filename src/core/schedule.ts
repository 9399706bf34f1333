/** Linear interpolation from `start` to `end` over `steps`, then held at `end`. `t` counts from 0. */
export function linearSchedule(start: number, end: number, steps: number, t: number): number {
  if (steps <= 0 || t >= steps) return end;
  if (t <= 0) return start;
  return start + (end - start) * (t / steps);
}
