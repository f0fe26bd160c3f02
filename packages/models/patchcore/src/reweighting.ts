/**
 * PatchCore's image score (Roth et al. 2022, eq. 7). With m^test,* the test patch of largest nearest-bank distance
 * s* = ‖m^test,* − m*‖ and N_b(m*) the b nearest bank members of its nearest bank member m* (m* included):
 *
 *   s = (1 − exp‖m^test,* − m*‖ / Σ_{m ∈ N_b(m*)} exp‖m^test,* − m‖) · s*
 *
 * The weight grows when m* sits in a sparse part of the bank (its neighbours are much farther from the test patch
 * than m* is), i.e. when the match is less trustworthy. The ratio is evaluated as 1 / Σ exp(‖m^test,* − m‖ − s*),
 * which cannot overflow for the terms that matter (every exponent is ≥ 0 since m* is the nearest).
 */
export function reweightedScore(nearest: number, neighbourDistances: readonly number[]): number {
  if (neighbourDistances.length === 0) throw new Error('reweightedScore: needs the distances to at least one bank neighbour');
  let sum = 0;
  for (const distance of neighbourDistances) sum += Math.exp(distance - nearest);
  return (1 - 1 / sum) * nearest;
}
