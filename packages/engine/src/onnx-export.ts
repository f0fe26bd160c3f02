import { GraphExportUnsupported, UserError } from '@anomaly-zoo/core';
import { exportScoringGraph } from '@anomaly-zoo/onnx';
import { loadModelDir, ModelManifest } from './saved-model';

/**
 * A saved model (its folder) as one self-contained ONNX model of its whole scoring, with the threshold and the
 * normalisation of its manifest. A model whose scoring cannot be written as a graph yet is a UserError naming the op.
 */
export async function exportSavedModel(modelDir: string, log: (line: string) => void): Promise<{ onnx: Uint8Array; manifest: ModelManifest }> {
  const { model, manifest } = await loadModelDir(modelDir, log);
  try {
    const onnx = await exportScoringGraph(model, {
      model: manifest.model,
      preprocessing: manifest.preprocessing,
      threshold: manifest.threshold.value,
      normalisation: manifest.normalisation,
      metadata: { model_config: JSON.stringify(manifest.model_config), threshold_strategy: manifest.threshold.strategy, seed: String(manifest.seed) },
    });
    return { onnx, manifest };
  } catch (error) {
    if (error instanceof GraphExportUnsupported) throw new UserError(`${modelDir}: the ${manifest.model} model ${error.message}`);
    throw error;
  } finally {
    model.dispose();
  }
}
