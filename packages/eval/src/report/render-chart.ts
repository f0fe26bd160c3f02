import sharp from 'sharp';
// vega 5 and vega-lite 5 are CommonJS; both run offline in Node with the 'none' renderer.
import * as vega from 'vega';
import { compile, TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

const FONT = 'DejaVu Sans, Liberation Sans, sans-serif';

/** A vega-lite spec drawn as a standalone SVG document, with no network access. */
export async function chartToSvg(spec: ChartSpec): Promise<string> {
  const themed = { ...spec, config: { font: FONT, background: 'white', ...(spec as { config?: object }).config } } as ChartSpec;
  const compiled = compile(themed).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterises an SVG at `scale` times its size (2 keeps text sharp on high-density screens). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * scale }).png().toBuffer();
}
