/**
 * FTRL-Proximal logistic regression (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", 2013) over hashed sparse features. Why this learner: its L1 term leaves most of the
 * millions of word pairs at exactly zero, so the model that ships keeps only the features that
 * matter (a few tens of thousands), and it trains in one pass per epoch in plain Node.
 */
export interface FtrlOptions {
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
}

export class Ftrl {
  private readonly slots = new Map<number, number>();
  private z = new Float64Array(1 << 16);
  private n = new Float64Array(1 << 16);
  private biasZ = 0;
  private biasN = 0;

  constructor(private readonly o: FtrlOptions) {}

  private slot(key: number, create: boolean): number {
    let s = this.slots.get(key);
    if (s === undefined) {
      if (!create) return -1;
      s = this.slots.size;
      this.slots.set(key, s);
      if (s >= this.z.length) {
        const z = new Float64Array(this.z.length * 2);
        z.set(this.z);
        this.z = z;
        const n = new Float64Array(this.n.length * 2);
        n.set(this.n);
        this.n = n;
      }
    }
    return s;
  }

  private w(z: number, n: number, l1: number): number {
    if (Math.abs(z) <= l1) return 0;
    return -(z - Math.sign(z) * l1) / ((this.o.beta + Math.sqrt(n)) / this.o.alpha + this.o.l2);
  }

  get bias(): number {
    return this.w(this.biasZ, this.biasN, 0);
  }

  weight(key: number): number {
    const s = this.slot(key, false);
    return s < 0 ? 0 : this.w(this.z[s]!, this.n[s]!, this.o.l1);
  }

  /** Sum of the weights of `features` (repeats count), without the bias. */
  sum(features: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < features.length; i++) total += this.weight(features[i]!);
    return total;
  }

  /** One step on one example: label 1 or 0, `importance` scales its gradient. */
  update(features: ArrayLike<number>, label: number, importance = 1): number {
    const p = 1 / (1 + Math.exp(-(this.bias + this.sum(features))));
    const g = (p - label) * importance;
    this.biasStep(g);
    for (let i = 0; i < features.length; i++) {
      const s = this.slot(features[i]!, true);
      const z = this.z[s]!;
      const n = this.n[s]!;
      const w = this.w(z, n, this.o.l1);
      const sigma = (Math.sqrt(n + g * g) - Math.sqrt(n)) / this.o.alpha;
      this.z[s] = z + g - sigma * w;
      this.n[s] = n + g * g;
    }
    return p;
  }

  private biasStep(g: number): void {
    const w = this.bias;
    const sigma = (Math.sqrt(this.biasN + g * g) - Math.sqrt(this.biasN)) / this.o.alpha;
    this.biasZ += g - sigma * w;
    this.biasN += g * g;
  }

  /** Every feature with a non-zero weight. */
  weights(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [key, s] of this.slots) {
      const w = this.w(this.z[s]!, this.n[s]!, this.o.l1);
      if (w !== 0) out.set(key, w);
    }
    return out;
  }
}
