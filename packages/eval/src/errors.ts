/**
 * A metric that has no value for this input (e.g. AUROC when only one class is present).
 * Callers catch it to report "undefined: ..." instead of a NaN that JSON cannot hold.
 */
export class UndefinedMetricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndefinedMetricError';
  }
}
