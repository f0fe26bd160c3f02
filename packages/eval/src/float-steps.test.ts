import { nextDown, nextUp } from './float-steps';

describe('nextUp / nextDown', () => {
  it('step to the neighbouring double', () => {
    // Doubles in [1, 2) are EPSILON apart, in [0.5, 1) EPSILON/2 apart.
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextDown(1)).toBe(1 - Number.EPSILON / 2);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    expect(nextDown(-1)).toBe(-1 - Number.EPSILON);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
  });
});
