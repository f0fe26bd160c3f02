import { formatSummary } from './summary';

describe('formatSummary', () => {
  it('prints the test FPR with its interval beside the recall when the run measured it', () => {
    const text = formatSummary('out', {
      image_auroc: 0.9, image_f1: 0.8, threshold: 1.5, threshold_strategy: 'target_fpr', image_fpr: 0.05, image_recall: 0.75,
      image_fpr_ci: { low: 0.01, high: 0.1, level: 0.95 }, notes: [],
    });
    expect(text).toContain('test FPR 0.0500 (95% CI 0.0100–0.1000)   recall 0.7500\n');
    expect(formatSummary('out', { image_fpr: null })).not.toContain('test FPR');
  });
});
