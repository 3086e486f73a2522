/**
 * Runs `fn` over `items` with at most `limit` calls in flight and returns results in input
 * order. On the first failure no new call starts; the ones in flight are awaited so nothing
 * keeps running behind the caller's back, then that first error is thrown.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onSettled?: (done: number, total: number) => void,
): Promise<R[]> {
  const results: R[] = []
  for await (const result of mapBoundedInOrder(items, limit, fn, onSettled)) results.push(result)
  return results
}

/**
 * The same as a stream: up to `limit` calls in flight, results yielded in input order as soon as
 * every earlier one is in, so a listing can be printed while the rest is fetched. A failure stops
 * new calls, waits for those in flight, then throws the first error; so does the consumer breaking
 * off early, so no call outlives the loop that asked for it.
 *
 * @yields Each item's result, in the order of `items`.
 */
export async function* mapBoundedInOrder<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  onSettled?: (done: number, total: number) => void,
): AsyncGenerator<R> {
  const pool = new InOrderPool(items, limit, fn, onSettled)
  pool.start()
  try {
    for (let index = 0; index < items.length; index++) yield await pool.take(index)
  } finally {
    pool.stop()
    await pool.drained()
  }
}

/** The state of one mapBoundedInOrder run: calls in flight, results not yet yielded, the first failure. */
class InOrderPool<T, R> {
  private done = 0
  private failure: undefined | {error: unknown}
  private inFlight = 0
  private next = 0
  private readonly results = new Map<number, R>()
  private stopped = false
  private wake: (() => void) | undefined

  constructor(
    private readonly items: readonly T[],
    private readonly limit: number,
    private readonly fn: (item: T, index: number) => Promise<R>,
    private readonly onSettled?: (done: number, total: number) => void,
  ) {}

  async drained(): Promise<void> {
    for (;;) {
      if (this.inFlight === 0) return
      await this.nextChange()
    }
  }

  start(): void {
    while (!this.stopped && this.inFlight < Math.max(1, this.limit) && this.next < this.items.length) {
      const index = this.next++
      this.inFlight++
      // settle never rejects: every outcome lands in `results` or `failure`.
      this.settle(index)
    }
  }

  stop(): void {
    this.stopped = true
  }

  /** The result for `index` once it is in; after a failure, the first error once nothing is in flight. */
  async take(index: number): Promise<R> {
    for (;;) {
      if (this.results.has(index) || this.failure !== undefined) break
      await this.nextChange()
    }

    if (this.failure !== undefined) {
      await this.drained()
      throw this.failure.error
    }

    const result = this.results.get(index) as R
    this.results.delete(index)
    return result
  }

  private nextChange(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve
    })
  }

  private async settle(index: number): Promise<void> {
    try {
      this.results.set(index, await this.fn(this.items[index], index))
      this.done++
      this.onSettled?.(this.done, this.items.length)
    } catch (error) {
      this.stopped = true
      this.failure ??= {error}
    } finally {
      this.inFlight--
      this.start()
      const resume = this.wake
      this.wake = undefined
      resume?.()
    }
  }
}
