/**
 * Eigen-decomposition of a real symmetric matrix in double precision: Householder reduction to
 * tridiagonal form followed by the implicit QL algorithm (the EISPACK tred2/tql2 pair, as in JAMA).
 * O(n³) with small constants, backward stable, and all eigenvalues and vectors at once.
 */

export interface SymmetricEigen {
  /** Eigenvalues, largest first. */
  values: Float64Array;
  /** Row-major n×n; row i is the unit eigenvector of values[i], its largest-|value| entry positive. */
  vectors: Float64Array;
}

const MAX_QL_ITERATIONS_PER_VALUE = 60;
const SIGN_TIE_TOLERANCE = 1e-6;

/** `matrix` is row-major n×n; it is symmetrised ((A + Aᵀ)/2) and left unchanged. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new Error(`symmetricEigen: expected ${n * n} entries, got ${matrix.length}`);
  // `basis` holds Vᵀ (row j = column j of the accumulated orthogonal transform V), so every inner loop
  // below runs over contiguous memory.
  const basis = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) basis[i * n + j] = 0.5 * ((matrix[i * n + j] as number) + (matrix[j * n + i] as number));
  }
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  if (n > 0) {
    tridiagonalise(basis, diagonal, offDiagonal, n);
    diagonaliseTridiagonal(basis, diagonal, offDiagonal, n);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (diagonal[b] as number) - (diagonal[a] as number));
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = diagonal[source] as number;
    const row = vectors.subarray(target * n, (target + 1) * n);
    row.set(basis.subarray(source * n, (source + 1) * n));
    makeLargestEntryPositive(row);
  });
  return { values, vectors };
}

/**
 * Flips the sign of `v` in place so that its largest-magnitude entry is positive. Entries within a
 * relative 1e-6 of the largest count as ties, and the first of them decides, so that rounding noise
 * in nearly equal entries cannot flip the result.
 */
export function makeLargestEntryPositive(v: Float64Array): void {
  let largest = 0;
  for (let i = 0; i < v.length; i++) largest = Math.max(largest, Math.abs(v[i] as number));
  const deciding = v.findIndex((x) => Math.abs(x) >= largest * (1 - SIGN_TIE_TOLERANCE));
  if (deciding >= 0 && (v[deciding] as number) < 0) for (let i = 0; i < v.length; i++) v[i] = -(v[i] as number);
}

/**
 * Householder tridiagonalisation (tred2). On entry `m` is the symmetric matrix; on exit it holds Qᵀ
 * with A = Q·T·Qᵀ, `d` the diagonal of T and `e[1..n-1]` its sub-diagonal. m[j*n + k] plays V[k][j].
 */
function tridiagonalise(m: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = m[j * n + n - 1] as number;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k] as number);
    if (scale === 0) {
      e[i] = d[i - 1] as number;
      for (let j = 0; j < i; j++) {
        d[j] = m[j * n + i - 1] as number;
        m[j * n + i] = 0;
        m[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] = (d[k] as number) / scale;
        h += (d[k] as number) * (d[k] as number);
      }
      let f = d[i - 1] as number;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        m[i * n + j] = f;
        const column = j * n;
        g = (e[j] as number) + (m[column + j] as number) * f;
        for (let k = j + 1; k <= i - 1; k++) {
          const v = m[column + k] as number;
          g += v * (d[k] as number);
          e[k] = (e[k] as number) + v * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] = (e[j] as number) / h;
        f += (e[j] as number) * (d[j] as number);
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] = (e[j] as number) - hh * (d[j] as number);
      for (let j = 0; j < i; j++) {
        f = d[j] as number;
        g = e[j] as number;
        const column = j * n;
        for (let k = j; k <= i - 1; k++) m[column + k] = (m[column + k] as number) - (f * (e[k] as number) + g * (d[k] as number));
        d[j] = m[column + i - 1] as number;
        m[column + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the Householder reflections into Q.
  for (let i = 0; i < n - 1; i++) {
    m[i * n + n - 1] = m[i * n + i] as number;
    m[i * n + i] = 1;
    const h = d[i + 1] as number;
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = (m[next + k] as number) / h;
      for (let j = 0; j <= i; j++) {
        const column = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += (m[next + k] as number) * (m[column + k] as number);
        for (let k = 0; k <= i; k++) m[column + k] = (m[column + k] as number) - g * (d[k] as number);
      }
    }
    for (let k = 0; k <= i; k++) m[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = m[j * n + n - 1] as number;
    m[j * n + n - 1] = 0;
  }
  m[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/**
 * Implicit QL with Wilkinson-style shifts on the tridiagonal (d, e) (tql2), rotating the rows of `m`
 * along. On exit `d` holds the eigenvalues (unsorted) and row j of `m` the eigenvector of d[j].
 */
function diagonaliseTridiagonal(m: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  e[n - 1] = 0;
  let shiftTotal = 0;
  let magnitude = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    magnitude = Math.max(magnitude, Math.abs(d[l] as number) + Math.abs(e[l] as number));
    let split = l;
    while (split < n - 1 && Math.abs(e[split] as number) > eps * magnitude) split++;
    if (split > l) {
      let iterations = 0;
      do {
        if (++iterations > MAX_QL_ITERATIONS_PER_VALUE) throw new Error('symmetricEigen: QL iteration did not converge');
        let g = d[l] as number;
        let p = ((d[l + 1] as number) - g) / (2 * (e[l] as number));
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = (e[l] as number) / (p + r);
        d[l + 1] = (e[l] as number) * (p + r);
        const dl1 = d[l + 1] as number;
        let h = g - (d[l] as number);
        for (let i = l + 2; i < n; i++) d[i] = (d[i] as number) - h;
        shiftTotal += h;
        p = d[split] as number;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1] as number;
        let s = 0;
        let s2 = 0;
        for (let i = split - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * (e[i] as number);
          h = c * p;
          r = hypot(p, e[i] as number);
          e[i + 1] = s * r;
          s = (e[i] as number) / r;
          c = p / r;
          p = c * (d[i] as number) - s * g;
          d[i + 1] = h + s * (c * g + s * (d[i] as number));
          const rowA = i * n;
          const rowB = (i + 1) * n;
          for (let k = 0; k < n; k++) {
            const a = m[rowA + k] as number;
            const b = m[rowB + k] as number;
            m[rowB + k] = s * a + c * b;
            m[rowA + k] = c * a - s * b;
          }
        }
        p = (-s * s2 * c3 * el1 * (e[l] as number)) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l] as number) > eps * magnitude);
    }
    d[l] = (d[l] as number) + shiftTotal;
    e[l] = 0;
  }
}

function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}
