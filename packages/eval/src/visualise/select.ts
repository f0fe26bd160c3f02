import { createRng, UserError } from '@anomaly-zoo/core';
import { isAnomalous } from '../decision';

export const VISUALISATION_SELECTIONS = ['mixed', 'worst_false_positives', 'worst_false_negatives', 'random'] as const;
export type VisualisationSelection = (typeof VISUALISATION_SELECTIONS)[number];

export type Outcome = 'TP' | 'FP' | 'TN' | 'FN';

export interface SelectionOptions {
  count: number;
  selection: VisualisationSelection;
  seed: number;
}

export interface SelectedImage {
  index: number;
  reason: 'worst normal' | 'worst anomalous' | 'random';
}

/** Under the package rule (isAnomalous). */
export function outcomeOf(score: number, label: 0 | 1, threshold: number): Outcome {
  const flagged = isAnomalous(score, threshold);
  if (label === 1) return flagged ? 'TP' : 'FN';
  return flagged ? 'FP' : 'TN';
}

/**
 * Picks which test images to draw. "Worst false positives" are the normal images ranked by score,
 * highest first (false positives when above the threshold, otherwise the closest calls); "worst
 * false negatives" the anomalous images ranked lowest first. `mixed` takes a third of each and
 * fills the rest at random; `random` draws with the seed. Each image is picked at most once.
 */
export function selectForVisualisation(
  items: ReadonlyArray<{ score: number; label: 0 | 1 }>,
  options: SelectionOptions,
): SelectedImage[] {
  const { count, selection, seed } = options;
  if (!Number.isInteger(count) || count < 0) throw new UserError(`evaluation.visualisations.count must be a non-negative integer, got ${count}`);
  if (!(VISUALISATION_SELECTIONS as readonly string[]).includes(selection)) {
    throw new UserError(`evaluation.visualisations.selection: unknown "${selection}"; choose one of ${VISUALISATION_SELECTIONS.join(', ')}`);
  }
  const indices = items.map((_, i) => i);
  // Ties broken by index so the choice does not depend on the sort's stability.
  const worstNormals = indices.filter((i) => items[i]!.label === 0).sort((a, b) => items[b]!.score - items[a]!.score || a - b);
  const worstAnomalous = indices.filter((i) => items[i]!.label === 1).sort((a, b) => items[a]!.score - items[b]!.score || a - b);
  const randomOrder = createRng(seed).shuffled(indices);

  const chosen: SelectedImage[] = [];
  const taken = new Set<number>();
  const take = (from: readonly number[], reason: SelectedImage['reason'], upTo: number): void => {
    for (const index of from) {
      if (chosen.length >= upTo) return;
      if (taken.has(index)) continue;
      taken.add(index);
      chosen.push({ index, reason });
    }
  };
  const total = Math.min(count, items.length);
  switch (selection) {
    case 'worst_false_positives':
      take(worstNormals, 'worst normal', total);
      break;
    case 'worst_false_negatives':
      take(worstAnomalous, 'worst anomalous', total);
      break;
    case 'random':
      take(randomOrder, 'random', total);
      break;
    case 'mixed': {
      const third = Math.floor(total / 3);
      take(worstNormals, 'worst normal', third);
      take(worstAnomalous, 'worst anomalous', chosen.length + third);
      take(randomOrder, 'random', total);
      break;
    }
  }
  return chosen;
}
