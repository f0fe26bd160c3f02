import * as fs from 'fs';
import * as path from 'path';
import { pretrainedModelsDir } from './models-dir';

describe('pretrainedModelsDir', () => {
  const saved = process.env.ANOMALY_ZOO_MODELS;
  afterEach(() => {
    if (saved === undefined) delete process.env.ANOMALY_ZOO_MODELS;
    else process.env.ANOMALY_ZOO_MODELS = saved;
  });

  it('takes ANOMALY_ZOO_MODELS first, made absolute', () => {
    process.env.ANOMALY_ZOO_MODELS = 'some/models';
    expect(pretrainedModelsDir()).toBe(path.resolve('some/models'));
  });

  it('falls back to ../shared/models beside the repository when it exists', () => {
    delete process.env.ANOMALY_ZOO_MODELS;
    const repo = path.resolve(__dirname, '..', '..', '..', '..');
    const shared = path.join(repo, '..', 'shared', 'models');
    expect(pretrainedModelsDir()).toBe(fs.existsSync(shared) ? shared : undefined);
  });
});
