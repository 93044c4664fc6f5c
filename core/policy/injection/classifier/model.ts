/**
 * A trained linear model as the runtime reads it: sparse hashed-feature weights in an
 * open-addressing table (one probe per word, no strings), decoded once from the packed form the
 * training script writes (weights.ts). Nothing is downloaded or read from disk: the weights are
 * part of the code, so the CLI bundle, the desktop app and the npm package all carry them.
 */

/** The packed form: keys as little-endian int32, weights as int8 times `scale`, base64. */
export interface PackedHead {
  bias: number;
  scale: number;
  keys: string;
  weights: string;
}

export interface PackedModel {
  /** Bumped when features.ts changes what it emits: a model trained on other features is refused. */
  featureVersion: number;
  /** Attack probability at which a passage is flagged medium, and high. */
  medium: number;
  high: number;
  attack: PackedHead;
  /** One head per family; the highest names the flag. */
  families: Record<string, PackedHead>;
  /** What it was trained on, for the record (bench/injection-model/train.ts writes it). */
  trainedOn: string;
}

export class Head {
  readonly bias: number;
  private readonly keys: Int32Array;
  private readonly values: Float32Array;
  private readonly mask: number;

  constructor(packed: PackedHead) {
    this.bias = packed.bias;
    const keyBytes = Buffer.from(packed.keys, 'base64');
    const weightBytes = Buffer.from(packed.weights, 'base64');
    const n = weightBytes.length;
    let size = 16;
    while (size < n * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Int32Array(size);
    this.values = new Float32Array(size);
    const w = new Int8Array(weightBytes.buffer, weightBytes.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const key = keyBytes.readInt32LE(i * 4);
      let slot = slotOf(key, this.mask);
      while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.values[slot] = w[i]! * packed.scale;
    }
  }

  /** The weight of one feature; 0 when the model never kept it. */
  weight(key: number): number {
    let slot = slotOf(key, this.mask);
    for (;;) {
      const k = this.keys[slot]!;
      if (k === key) return this.values[slot]!;
      if (k === 0) return 0;
      slot = (slot + 1) & this.mask;
    }
  }
}

function slotOf(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 7) & mask;
}

/** Int8 with one scale per head: 5 bytes per kept feature; the rounding moves a score by < 1 %. */
export function packHead(bias: number, weights: Map<number, number>): PackedHead {
  let max = 0;
  for (const w of weights.values()) max = Math.max(max, Math.abs(w));
  const scale = max === 0 ? 1 : max / 127;
  const kept = [...weights].filter(([, w]) => Math.round(w / scale) !== 0).sort((a, b) => a[0] - b[0]);
  const keys = Buffer.alloc(kept.length * 4);
  const ws = Buffer.alloc(kept.length);
  kept.forEach(([k, w], i) => {
    keys.writeInt32LE(k, i * 4);
    ws.writeInt8(Math.round(w / scale), i);
  });
  return { bias, scale, keys: keys.toString('base64'), weights: ws.toString('base64') };
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
