// Bounded memory for findings: keep the N most important of any number, in rank buckets, so that a scan of a
// million objects holds as many findings as a scan of a hundred.
import { SEVERITIES } from '../engine/catalog.js';
import type { Finding, FindingResult } from './types.js';

const RESULT_ORDER: Readonly<Record<FindingResult, number>> = { deny: 0, error: 1, warn: 2 };
export const FINDING_RANKS = 2 * 3 * SEVERITIES.length;

/** 0 is most important: what would be denied first, then deny before error before warn, then by severity. */
export function findingRank(f: Pick<Finding, 'wouldDeny' | 'result' | 'severity'>): number {
  return (f.wouldDeny ? 0 : 1) * 3 * SEVERITIES.length + RESULT_ORDER[f.result] * SEVERITIES.length + SEVERITIES.indexOf(f.severity);
}

/**
 * Holds at most `max` items. When full, a new item displaces the most recent item of the least important rank
 * that is less important than it; otherwise it is dropped. Within a rank, the first found are kept.
 */
export class RankedKeeper<T> {
  private readonly buckets: T[][];
  private size = 0;
  /** Items offered but not kept. */
  dropped = 0;

  constructor(
    readonly max: number,
    ranks: number,
  ) {
    this.buckets = Array.from({ length: ranks }, () => []);
  }

  add(item: T, rank: number): void {
    if (this.size < this.max) {
      this.buckets[rank].push(item);
      this.size++;
      return;
    }
    for (let worst = this.buckets.length - 1; worst > rank; worst--) {
      if (this.buckets[worst].length > 0) {
        this.buckets[worst].pop();
        this.buckets[rank].push(item);
        this.dropped++;
        return;
      }
    }
    this.dropped++;
  }

  get length(): number {
    return this.size;
  }

  /** Most important first. */
  items(): T[] {
    return this.buckets.flat();
  }
}
