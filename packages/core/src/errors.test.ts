import { describeError, isUserError, UserError } from './errors';

describe('UserError', () => {
  it('folds a multi-line message onto one line', () => {
    const error = new UserError('configs/a.yaml:\n   training.epochs: must be >= 1\n');
    expect(error.message).toBe('configs/a.yaml: training.epochs: must be >= 1');
    expect(isUserError(error)).toBe(true);
    expect(isUserError(new Error('bug'))).toBe(false);
  });

  it('describes anything thrown on one line', () => {
    expect(describeError(new Error('a\nb'))).toBe('a b');
    expect(describeError('plain')).toBe('plain');
  });
});
