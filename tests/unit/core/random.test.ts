import { describe, expect, it } from 'vitest';
import { RandomStream, RandomStreams } from '../../../src/core/random.js';
import { linearSchedule } from '../../../src/core/schedule.js';

describe('random streams', () => {
  it('same seed and name, same sequence; other names and seeds differ', () => {
    const draw = (seed: number, name: string): number[] => {
      const s = new RandomStreams(seed).get(name);
      return Array.from({ length: 5 }, () => s.next());
    };
    expect(draw(3, 'ghosts')).toEqual(draw(3, 'ghosts'));
    expect(draw(3, 'ghosts')).not.toEqual(draw(3, 'replay'));
    expect(draw(3, 'ghosts')).not.toEqual(draw(4, 'ghosts'));
  });

  it('restores from its JSON state exactly', () => {
    const s = new RandomStreams(1).get('x');
    s.next();
    const saved = JSON.parse(JSON.stringify(s.state())) as ReturnType<RandomStream['state']>;
    const copy = new RandomStream(s.key, saved);
    expect(Array.from({ length: 4 }, () => copy.next())).toEqual(Array.from({ length: 4 }, () => s.next()));
  });

  it('ints stay in range, seeds are >= 1, shuffles are permutations', () => {
    const s = new RandomStreams(9).get('y');
    for (let i = 0; i < 1000; i++) {
      const v = s.int(7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      expect(s.seed()).toBeGreaterThanOrEqual(1);
    }
    expect(s.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(() => new RandomStreams(1.5)).toThrow(/seed must be an integer, got 1\.5/);
  });

  it('linear schedules interpolate, then hold', () => {
    expect(linearSchedule(1, 0.1, 100, 0)).toBe(1);
    expect(linearSchedule(1, 0.1, 100, 50)).toBeCloseTo(0.55);
    expect(linearSchedule(1, 0.1, 100, 500)).toBe(0.1);
    expect(linearSchedule(1, 0.1, 0, 0)).toBe(0.1);
  });
});
