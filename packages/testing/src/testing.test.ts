import { defaultConfig } from './default-config';
import { naiveAuroc } from './naive-auroc';

describe('naiveAuroc', () => {
  it('counts correctly ordered (anomalous, normal) pairs, ties as half', () => {
    // Pairs (a, n): (0.9, 0.1) (0.9, 0.5) (0.5, 0.1) win, (0.5, 0.5) ties: 3.5 of 4.
    expect(naiveAuroc([0.1, 0.9, 0.5, 0.5], [0, 1, 1, 0])).toBe(0.875);
    expect(naiveAuroc(Float32Array.from([3, 2, 1]), [1, 0, 0])).toBe(1);
  });
});

describe('defaultConfig', () => {
  const definition = {
    name: 'example',
    schema: {
      type: 'object', additionalProperties: false,
      properties: {
        size: { type: 'integer', minimum: 1, default: 8 },
        inner: { type: 'object', additionalProperties: false, default: {}, properties: { a: { type: 'number', default: 1 }, b: { type: 'number', default: 2 } } },
      },
    },
  };

  it('fills every default, completing nested overrides rather than replacing them', () => {
    expect(defaultConfig(definition)).toEqual({ size: 8, inner: { a: 1, b: 2 } });
    expect(defaultConfig(definition, { inner: { b: 5 } })).toEqual({ size: 8, inner: { a: 1, b: 5 } });
  });

  it('refuses overrides the schema refuses, and leaves the overrides object alone', () => {
    const overrides = { size: 0 };
    expect(() => defaultConfig(definition, overrides)).toThrow('defaultConfig(example): /size must be >= 1');
    expect(() => defaultConfig(definition, { colour: 'red' })).toThrow(/must NOT have additional properties/);
    const nested = { inner: {} };
    defaultConfig(definition, nested);
    expect(nested).toEqual({ inner: {} });
  });
});
