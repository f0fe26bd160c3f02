/** The files of one run directory; `metrics.json` is written last and marks the run complete. */
export const RUN_FILES = {
  config: 'config.yaml',
  log: 'train-log.jsonl',
  model: 'model',
  checkpoint: 'checkpoint',
  scores: 'scores.csv',
  /** Every validation image's score (and label), so a finished run can be re-thresholded without rescoring. */
  validationScores: 'validation-scores.json',
  metrics: 'metrics.json',
  /** Held by the one tools/train process writing the run (pid and start time). */
  lock: '.lock',
} as const;

/** Beside the weights in a saved model directory: preprocessing, threshold, normalisation. */
export const MANIFEST_FILE = 'anomaly-zoo.json';

/** Written last into a checkpoint directory: the loop's state after its last finished epoch. */
export const CHECKPOINT_STATE = 'trainer-state.json';
