import { describe, expect, it } from 'vitest';
import { balancedWeights, fitLogistic, type SparseMatrix } from '@/lib/ranking/logistic';

/** A seeded generator (mulberry32): the same data every run. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small sparse problem: 60 rows, 8 columns, about half the entries zero, labels from a noisy rule. */
function problem(seed: number, rows = 60, columns = 8) {
  const next = random(seed);
  const dense: number[][] = [];
  const labels: boolean[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: columns }, () => (next() < 0.5 ? 0 : next() * 2 - 0.5));
    dense.push(row);
    labels.push(row[0]! - row[1]! + 0.5 * row[2]! + (next() - 0.5) > 0.2);
  }
  return { dense, labels, weights: dense.map(() => 0.2 + next()) };
}

function sparse(dense: number[][]): SparseMatrix {
  const rowStart = [0];
  const index: number[] = [];
  const value: number[] = [];
  for (const row of dense) {
    row.forEach((x, j) => {
      if (x !== 0) {
        index.push(j);
        value.push(x);
      }
    });
    rowStart.push(index.length);
  }
  return { rows: dense.length, columns: dense[0]!.length, rowStart: Int32Array.from(rowStart), index: Int32Array.from(index), value: Float64Array.from(value) };
}

/** The reference: plain Newton's method on the same objective, dense, with a Gaussian elimination solve. */
function newton(dense: number[][], labels: boolean[], weights: number[], l2: number): number[] {
  const d = dense[0]!.length + 1; // the weights, then the bias
  const total = weights.reduce((a, b) => a + b, 0);
  let theta = new Array<number>(d).fill(0);
  for (let step = 0; step < 50; step++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    dense.forEach((row, i) => {
      const x = [...row, 1];
      const p = 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * theta[j]!, 0)));
      const c = weights[i]! / total;
      for (let j = 0; j < d; j++) {
        gradient[j]! += c * (p - (labels[i] ? 1 : 0)) * x[j]!;
        for (let k = 0; k < d; k++) hessian[j]![k]! += c * p * (1 - p) * x[j]! * x[k]!;
      }
    });
    for (let j = 0; j < d - 1; j++) {
      gradient[j]! += l2 * theta[j]!;
      hessian[j]![j]! += l2;
    }
    const delta = solve(hessian, gradient);
    theta = theta.map((t, j) => t - delta[j]!);
    if (Math.max(...delta.map(Math.abs)) < 1e-13) break;
  }
  return theta;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    const pivot = m.slice(col).reduce((best, row, k) => (Math.abs(row[col]!) > Math.abs(m[best]![col]!) ? col + k : best), col);
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k]! -= factor * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

describe('fitLogistic', () => {
  it.each([
    [1, 1e-2],
    [2, 1e-3],
    [3, 1e-1],
  ])('agrees with a dense Newton reference (seed %i, λ %f) to 1e-4', (seed, l2) => {
    const { dense, labels, weights } = problem(seed);
    const reference = newton(dense, labels, weights, l2);
    const fit = fitLogistic(sparse(dense), labels, weights, { l2, tolerance: 1e-10, maxIterations: 1000 });
    expect(fit.converged).toBe(true);
    [...fit.weights, fit.bias].forEach((value, j) => expect(Math.abs(value - reference[j]!)).toBeLessThan(1e-4));
  });

  it('is deterministic', () => {
    const { dense, labels, weights } = problem(4);
    const a = fitLogistic(sparse(dense), labels, weights, { l2: 1e-2 });
    const b = fitLogistic(sparse(dense), labels, weights, { l2: 1e-2 });
    expect([...a.weights, a.bias]).toEqual([...b.weights, b.bias]);
  });
});

describe('balancedWeights', () => {
  it('gives the positives and the negatives the same total, keeping each class’s own proportions', () => {
    const labels = [true, false, false, false, false, true];
    const balanced = balancedWeights(labels, [1, 1, 1, 0.25, 0.25, 2]);
    const sum = (keep: boolean) => [...balanced].filter((_, i) => labels[i] === keep).reduce((a, b) => a + b, 0);
    expect(sum(true)).toBeCloseTo(sum(false), 12);
    expect(balanced[5]! / balanced[0]!).toBeCloseTo(2, 12);
    expect(balanced[3]! / balanced[1]!).toBeCloseTo(0.25, 12);
  });

  it('makes the fit blind to how many times over the negatives come', () => {
    const { dense, labels, weights } = problem(5);
    const once = fitLogistic(sparse(dense), labels, balancedWeights(labels, weights), { l2: 1e-2, tolerance: 1e-10 });
    // Every negative three times: unbalanced this would pull the bias down; balanced it changes nothing.
    const extra = dense.flatMap((row, i) => (labels[i] ? [] : [row, row]));
    const thrice = [...dense, ...extra];
    const thriceLabels = [...labels, ...extra.map(() => false)];
    const thriceWeights = [...weights, ...dense.flatMap((_, i) => (labels[i] ? [] : [weights[i]!, weights[i]!]))];
    const fit = fitLogistic(sparse(thrice), thriceLabels, balancedWeights(thriceLabels, thriceWeights), { l2: 1e-2, tolerance: 1e-10 });
    [...fit.weights, fit.bias].forEach((value, j) => expect(value).toBeCloseTo([...once.weights, once.bias][j]!, 5));
  });
});
