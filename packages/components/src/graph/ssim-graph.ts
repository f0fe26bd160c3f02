import type { GraphBuilder } from '@anomaly-zoo/core';
import type { SsimOptions } from '../ssim';
import { op, scalar } from './graph-ops';
import { gaussianBlurGraph } from './map-graph';

/**
 * ssimMap as a graph, on NCHW batches x, y [N, C, H, W]: local means, variances and covariance from the Gaussian
 * window (edge-replicated borders), then
 *   SSIM = (2·μx·μy + C1)(2·σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
 * per pixel and channel, in the order ssimMap computes it.
 */
export function ssimMapGraph(g: GraphBuilder, x: string, y: string, channels: number, options: SsimOptions = {}): string {
  const windowSize = options.windowSize ?? 11;
  const sigma = options.sigma ?? 1.5;
  const range = options.dataRange ?? 1;
  const c1 = ((options.k1 ?? 0.01) * range) ** 2;
  const c2 = ((options.k2 ?? 0.03) * range) ** 2;
  const blur = (t: string) => gaussianBlurGraph(g, t, channels, sigma, (windowSize - 1) / 2);
  const mul = (a: string, b: string) => op(g, 'Mul', [a, b]);
  const add = (a: string, b: string) => op(g, 'Add', [a, b]);
  const sub = (a: string, b: string) => op(g, 'Sub', [a, b]);
  const muX = blur(x);
  const muY = blur(y);
  const muXX = mul(muX, muX);
  const muYY = mul(muY, muY);
  const muXY = mul(muX, muY);
  const varX = sub(blur(mul(x, x)), muXX);
  const varY = sub(blur(mul(y, y)), muYY);
  const covXY = sub(blur(mul(x, y)), muXY);
  const two = scalar(g, 2);
  const numerator = mul(add(mul(two, muXY), scalar(g, c1)), add(mul(two, covXY), scalar(g, c2)));
  const denominator = mul(add(add(muXX, muYY), scalar(g, c1)), add(add(varX, varY), scalar(g, c2)));
  return op(g, 'Div', [numerator, denominator]);
}
