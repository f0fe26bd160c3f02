import { GaussianKde, GaussianKdeJSON } from './gaussian-kde';
import { GaussianScorer, GaussianScorerJSON } from './gaussian-scorer';

/** The density models a feature head chooses between (`kde` or a single Gaussian), and their saved form. */
export type DensityModel = GaussianKde | GaussianScorer;
export type DensityModelJSON = GaussianKdeJSON | GaussianScorerJSON;

export function densityFromJSON(json: DensityModelJSON): DensityModel {
  return json.kind === 'GaussianKde' ? GaussianKde.fromJSON(json) : GaussianScorer.fromJSON(json);
}
