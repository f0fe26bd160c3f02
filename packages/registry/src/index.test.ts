import * as fs from 'fs';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { getModel, MODELS, modelNames } from './index';

const modelsDir = path.resolve(__dirname, '../../models');

describe('model registry', () => {
  it('lists every model package under packages/models, under the name its definition gives', () => {
    const packages = fs.readdirSync(modelsDir).filter((d) => fs.existsSync(path.join(modelsDir, d, 'package.json')));
    expect([...modelNames()].sort()).toEqual(packages.sort());
    for (const name of modelNames()) expect(MODELS[name].name).toBe(name);
  });

  it('gives each model a JSON schema for its config block and a description', () => {
    for (const name of modelNames()) {
      const definition = getModel(name);
      expect(definition.schema).toMatchObject({ type: 'object', additionalProperties: false });
      expect(definition.description.length).toBeGreaterThan(10);
    }
  });

  it('names the known models when asked for an unknown one', () => {
    expect(() => getModel('resnet-magic')).toThrow(UserError);
    expect(() => getModel('resnet-magic')).toThrow(/unknown model 'resnet-magic' \(known: conv-ae, /);
    expect(() => getModel('toString')).toThrow(/unknown model 'toString'/);
  });
});
