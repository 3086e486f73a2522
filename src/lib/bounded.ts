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
  const results = new Map<number, R>()
  let next = 0
  let inFlight = 0
  let done = 0
  let stopped = false
  let failure: undefined | {error: unknown}
  let wake: (() => void) | undefined
  const nextChange = () =>
    new Promise<void>((resolve) => {
      wake = resolve
    })

  const start = (): void => {
    while (!stopped && inFlight < Math.max(1, limit) && next < items.length) {
      const index = next++
      inFlight++
      const settle = async (): Promise<void> => {
        try {
          results.set(index, await fn(items[index], index))
          done++
          onSettled?.(done, items.length)
        } catch (error) {
          stopped = true
          failure ??= {error}
        } finally {
          inFlight--
          start()
          const resume = wake
          wake = undefined
          resume?.()
        }
      }

      // settle never rejects: every outcome lands in `results` or `failure`.
      settle()
    }
  }

  const drained = async (): Promise<void> => {
    for (;;) {
      if (inFlight === 0) return
      await nextChange()
    }
  }

  start()
  try {
    for (let index = 0; index < items.length; index++) {
      for (;;) {
        if (results.has(index) || failure !== undefined) break
        await nextChange()
      }

      if (failure !== undefined) {
        await drained()
        throw failure.error
      }

      const result = results.get(index) as R
      results.delete(index)
      yield result
    }
  } finally {
    stopped = true
    await drained()
  }
}
