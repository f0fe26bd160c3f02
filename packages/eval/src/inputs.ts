/** Throws unless every score is a finite number; NaN or ±Infinity in a score means a bug upstream. */
export function checkScores(scores: ArrayLike<number>, what = 'scores'): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new Error(`${what}[${i}] is ${scores[i]}; scores must be finite numbers`);
    }
  }
}

/** Throws unless every label is exactly 0 (normal) or 1 (anomalous). */
export function checkLabels(labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label !== 0 && label !== 1) {
      throw new Error(`labels[${i}] is ${label}; labels must be 0 (normal) or 1 (anomalous)`);
    }
  }
}

export function checkScoresAndLabels(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) {
    throw new Error(`scores and labels differ in length (${scores.length} vs ${labels.length})`);
  }
  checkScores(scores);
  checkLabels(labels);
}

export function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  return positives;
}
