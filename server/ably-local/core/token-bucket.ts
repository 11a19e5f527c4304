/**
 * A token bucket: `rate` tokens a second, holding at most `capacity` (DESIGN §3.3, §7.1). Pure apart from
 * the clock it is given.
 */
export class TokenBucket {
  private _tokens: number;
  private _at: number;

  constructor(
    private readonly _rate: number,
    private readonly _capacity: number,
    private readonly _now: () => number,
  ) {
    this._tokens = _capacity;
    this._at = _now();
  }

  /** Takes one token; false when none is left. */
  take(): boolean {
    const now = this._now();
    this._tokens = Math.min(this._capacity, this._tokens + ((now - this._at) * this._rate) / 1000);
    this._at = now;
    if (this._tokens < 1) return false;
    this._tokens -= 1;
    return true;
  }

  /** Whether the bucket is full again, i.e. forgetting it changes nothing. */
  isFull(): boolean {
    const refilled = this._tokens + ((this._now() - this._at) * this._rate) / 1000;
    return refilled >= this._capacity;
  }
}

/** One bucket per key (an identity), forgetting full buckets so the map stays small. */
export class KeyedRateLimiter {
  private readonly _buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly _rate: number,
    private readonly _capacity: number,
    private readonly _now: () => number,
    private readonly _maxKeys = 10_000,
  ) {}

  take(key: string): boolean {
    let bucket = this._buckets.get(key);
    if (!bucket) {
      if (this._buckets.size >= this._maxKeys) this._prune();
      bucket = new TokenBucket(this._rate, this._capacity, this._now);
      this._buckets.set(key, bucket);
    }
    return bucket.take();
  }

  private _prune(): void {
    for (const [key, bucket] of this._buckets) if (bucket.isFull()) this._buckets.delete(key);
    // Still full of busy keys: drop the oldest, which at worst grants one of them a fresh bucket.
    while (this._buckets.size >= this._maxKeys) this._buckets.delete(this._buckets.keys().next().value!);
  }
}
