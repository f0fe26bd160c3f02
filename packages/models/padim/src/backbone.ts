import { BackboneConfig, backboneSpecFor, FeatureExtractor } from '@anomaly-zoo/components';

export async function loadBackbone(config: BackboneConfig, batchSize: number, log: (message: string) => void): Promise<FeatureExtractor> {
  return FeatureExtractor.load(backboneSpecFor(config, log), { batchSize, log });
}
