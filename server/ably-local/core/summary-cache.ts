import type { StoredAnnotation } from './message-store.js';
import { SummaryFold } from './summary-fold.js';

/**
 * The running summaries of one channel's most recently used messages (DESIGN §4.7). A miss folds the
 * message's stored annotations once (at most `maxAnnotations` of them); every later annotation is added to
 * the fold as it is stored, so reads never re-fold.
 */
export class SummaryCache {
  private readonly _folds = new Map<string, SummaryFold>();

  constructor(
    private readonly _load: (serial: string, limit: number) => StoredAnnotation[],
    private readonly _maxAnnotations: number,
    private readonly _maxEntries = 256,
  ) {}

  fold(serial: string): SummaryFold {
    let fold = this._folds.get(serial);
    if (fold) {
      // Least recently used first: re-inserting moves this one to the end.
      this._folds.delete(serial);
    } else {
      fold = new SummaryFold();
      for (const a of this._load(serial, this._maxAnnotations)) fold.add(a);
    }
    // A message without annotations costs one empty query per read and is not worth a cache slot.
    if (fold.count === 0) return fold;
    this._folds.set(serial, fold);
    if (this._folds.size > this._maxEntries) this._folds.delete(this._folds.keys().next().value!);
    return fold;
  }

  /** Folds in an annotation the store already holds (a miss loads it with the rest). */
  record(annotation: StoredAnnotation): void {
    const cached = this._folds.get(annotation.messageSerial);
    if (cached) cached.add(annotation);
    else this.fold(annotation.messageSerial);
  }
}
