import { greedyCoreset } from './coreset';

// p0 (0,0) p1 (1,0) p2 (10,0.5) p3 (10,1) p4 (0,5) p5 (5,5).
const POINTS = Float32Array.from([[0, 0], [1, 0], [10, 0.5], [10, 1], [0, 5], [5, 5]].flat());

describe('greedyCoreset', () => {
  it('adds the farthest point from the selection each step (hand-checked order)', () => {
    // From p0, squared distances: p1 1, p2 100.25, p3 101, p4 25, p5 50 → p3.
    // Nearest of {p0, p3}: p1 1, p2 0.25, p4 min(25, 116) = 25, p5 min(50, 41) = 41 → p5.
    // Adding p5: p4 min(25, 25) = 25, p1 1, p2 0.25 → p4; then p1 (1) before p2 (0.25).
    expect(greedyCoreset(POINTS, 2, 6, 0)).toEqual([0, 3, 5, 4, 1, 2]);
    expect(greedyCoreset(POINTS, 2, 3, 0)).toEqual([0, 3, 5]);
  });

  it('depends on the start point', () => {
    // From p4 (0,5): p2 has 100 + 20.25 = 120.25, more than p3's 100 + 16 → p2; then p1 (min(26, 81.25) = 26)
    // beats p0 (min(25, 100.25) = 25).
    expect(greedyCoreset(POINTS, 2, 3, 4)).toEqual([4, 2, 1]);
  });

  it('rejects counts and starts it cannot give', () => {
    expect(() => greedyCoreset(POINTS, 2, 7, 0)).toThrow(/count must be in \[1, 6\]/);
    expect(() => greedyCoreset(POINTS, 2, 2, 6)).toThrow(/start must be in \[0, 6\)/);
  });
});
