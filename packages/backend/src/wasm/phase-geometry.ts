import type { Nhwc } from '../shape';

/**
 * The sub-pixel ("phase") view of a transposed conv along one spatial axis. With stride s, input row
 * i = s*m + r (residue r) only meets the filter taps k ≡ (r + padBefore) mod s, at dy rows m + c_r - j with
 * k = phase_r + s*j. So every residue is a small stride-1 conv over the un-dilated dy, and all residues together
 * are ONE stride-1 conv whose filter has `taps` rows and s × the output channels (zeros where a residue has no
 * tap). This skips the (s-1)/s zeros that zero insertion multiplies.
 */
export interface PhasePlan {
  stride: number;
  /** Rows per residue: the conv's output size; s * rows >= inSize, the excess is cropped. */
  rows: number;
  /** Filter rows of the combined conv. */
  taps: number;
  /** Padding of dy before / after (negative: crop). */
  padBefore: number;
  padAfter: number;
  /** filterIndex[t * stride + r]: the original filter row for combined tap t of residue r, or -1. */
  filterIndex: Int32Array;
}

export function phasePlan(stride: number, filterSize: number, padBefore: number, inSize: number, outSize: number): PhasePlan {
  const rows = Math.ceil(inSize / stride);
  const residues = Array.from({ length: stride }, (_, r) => {
    const phase = (r + padBefore) % stride;
    const last = Math.floor((r + padBefore) / stride);
    const count = phase < filterSize ? Math.ceil((filterSize - phase) / stride) : 0;
    return { phase, last, count };
  });
  const used = residues.filter((p) => p.count > 0);
  const first = Math.min(...used.map((p) => p.last - p.count + 1));
  const taps = Math.max(...used.map((p) => p.last)) - first + 1;
  const filterIndex = new Int32Array(taps * stride).fill(-1);
  for (let t = 0; t < taps; t++) {
    residues.forEach((p, r) => {
      const j = p.last - first - t;
      if (j >= 0 && j < p.count) filterIndex[t * stride + r] = p.phase + stride * j;
    });
  }
  return { stride, rows, taps, padBefore: -first, padAfter: rows - 1 + first + taps - 1 - (outSize - 1), filterIndex };
}

/**
 * The combined filter [taps_h, taps_w, C_out, s_h * s_w * C_in] from a forward filter [fh, fw, C_in, C_out];
 * output channel (r_h * s_w + r_w) * C_in + c_in belongs to residue (r_h, r_w).
 */
export function phaseFilter(w: Float32Array, shape: Nhwc, rowsPlan: PhasePlan, colsPlan: PhasePlan): Float32Array {
  const [, fw, cin, cout] = shape;
  const { taps: th, stride: sh, filterIndex: rowIndex } = rowsPlan;
  const { taps: tw, stride: sw, filterIndex: colIndex } = colsPlan;
  const outChannels = sh * sw * cin;
  const out = new Float32Array(th * tw * cout * outChannels);
  for (let t = 0; t < th; t++) {
    for (let u = 0; u < tw; u++) {
      for (let rh = 0; rh < sh; rh++) {
        const kh = rowIndex[t * sh + rh]!;
        if (kh < 0) continue;
        for (let rw = 0; rw < sw; rw++) {
          const kw = colIndex[u * sw + rw]!;
          if (kw < 0) continue;
          const src = (kh * fw + kw) * cin * cout;
          const dst = (t * tw + u) * cout * outChannels + (rh * sw + rw) * cin;
          for (let ci = 0; ci < cin; ci++) {
            for (let co = 0; co < cout; co++) out[dst + co * outChannels + ci] = w[src + ci * cout + co]!;
          }
        }
      }
    }
  }
  return out;
}
