import { operatingPointTable } from './operating-points';

describe('operatingPointTable', () => {
  // 100 normal scores 1..100 and 10 anomalous scores 91.5, 92.5, ..., 100.5
  const normals = Array.from({ length: 100 }, (_, i) => i + 1);
  const anomalies = Array.from({ length: 10 }, (_, i) => 91.5 + i);
  const scores = [...normals, ...anomalies];
  const labels = [...normals.map(() => 0), ...anomalies.map(() => 1)];

  it('gives the hand-computed rates at the chosen threshold and at test FPR 0.1 %, 1 %, 5 %', () => {
    const table = operatingPointTable(scores, labels, 95);
    // chosen 95: normals 96..100 flagged (FPR 0.05), anomalies 95.5..100.5 flagged (6 of 10)
    expect(table[0]).toEqual({ at: 'chosen', threshold: 95, fpr: 0.05, recall: 0.6, precision: 6 / 11, f1: (2 * 6) / (2 * 6 + 5 + 4) });
    // 0.1 %: ⌊0.1⌋ = 0 normals above -> threshold 100, only 100.5 flagged
    expect(table[1]).toMatchObject({ at: 0.001, threshold: 100, fpr: 0, recall: 0.1, precision: 1 });
    // 1 %: 1 normal above -> threshold 99: normal 100, anomalies 99.5, 100.5
    expect(table[2]).toMatchObject({ at: 0.01, threshold: 99, fpr: 0.01, recall: 0.2, precision: 2 / 3 });
    // 5 %: 5 normals above -> threshold 95, the chosen row again
    expect(table[3]).toMatchObject({ at: 0.05, threshold: 95, fpr: 0.05, recall: 0.6 });
  });
});
