import { describe, expect, it } from 'vitest';
import { Cell } from '../../../../src/gen/world/cells.js';
import { addCellCounts, cellAccuracy, emptyCellCounts, psnr, rewardAccuracy, terminationAccuracy } from '../../../../src/gen/world/metrics.js';

describe('world metrics', () => {
  it('PSNR: equal frames are Infinity; one pixel off by 255 in 100 is 20 dB', () => {
    const a = new Uint8Array(100);
    expect(psnr(a, a)).toBe(Infinity);
    const b = new Uint8Array(100);
    b[3] = 255;
    expect(psnr(b, a)).toBeCloseTo(20, 10);
    expect(() => psnr(a, new Uint8Array(5))).toThrow(/lengths 100 and 5/);
  });

  it('cell accuracy splits ghosts from the deterministic cells', () => {
    const real = Uint8Array.from([Cell.Wall, Cell.Food, Cell.Pacman, Cell.Empty, Cell.Ghost, Cell.Empty]);
    const pred = Uint8Array.from([Cell.Wall, Cell.Empty, Cell.Pacman, Cell.Ghost, Cell.Empty, Cell.Empty]);
    const acc = cellAccuracy(addCellCounts(emptyCellCounts(), pred, real));
    expect(acc.all).toBeCloseTo(3 / 6);
    expect(acc.ghost).toBe(0); // the ghost is in the wrong cell: both cells count as ghost cells, both wrong
    expect(acc.nonGhost).toBeCloseTo(3 / 4); // wall, food (wrong), pacman, empty
    expect(acc.pacman).toBe(1);
    expect(acc.static).toBeCloseTo(2 / 3); // wall, food (wrong), empty
    expect(acc.frameExact).toBe(0);
    const same = cellAccuracy(addCellCounts(emptyCellCounts(), real, real));
    expect(same).toMatchObject({ all: 1, ghost: 1, nonGhost: 1, frameExact: 1, frames: 1 });
  });

  it('reward accuracy: exact values and signs', () => {
    expect(rewardAccuracy([-1, 9, -501, 9], [-1, 9, -491, -1])).toEqual({ exact: 0.5, sign: 0.75 });
  });

  it('termination accuracy: threshold 0.5, recall on true terminals', () => {
    expect(terminationAccuracy([0.1, 0.9, 0.4, 0.6], [0, 1, 1, 0])).toEqual({ accuracy: 0.5, recall: 0.5, terminals: 2 });
    expect(terminationAccuracy([0.1], [0])).toEqual({ accuracy: 1, recall: 1, terminals: 0 });
  });
});
