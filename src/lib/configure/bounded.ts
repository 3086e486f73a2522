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
  const results: R[] = Array.from({length: items.length})
  let next = 0
  let done = 0
  let failed = false
  let firstError: unknown
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index], index)
      } catch (error) {
        if (!failed) {
          failed = true
          firstError = error
        }

        return
      }

      done++
      onSettled?.(done, items.length)
    }
  }

  const workers = Array.from({length: Math.max(1, Math.min(limit, items.length))}, () => worker())
  await Promise.all(workers)
  if (failed) throw firstError
  return results
}

/** `[#########...........]  120/300 accounts` sized to fit `columns`. */
export function renderProgress(done: number, total: number, label: string, columns = 80): string {
  const counter = ` ${String(done).padStart(String(total).length)}/${total} ${label}`
  const width = Math.max(10, Math.min(40, columns - counter.length - 3))
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${counter}`
}

export interface ProgressSink {
  isTTY: boolean
  columns?: number
  write(text: string): void
}

export interface Progress {
  update(done: number, total: number): void
  done(): void
}

/**
 * A bar redrawn in place on a terminal, at most every `intervalMs`; nothing at all when stderr is
 * a pipe or file, where carriage returns would only make a mess of logs.
 */
export function progressBar(sink: ProgressSink, label: string, intervalMs = 80, now: () => number = Date.now): Progress {
  let last = -Infinity
  let drawn = false
  return {
    update(done, total) {
      if (!sink.isTTY) return
      const t = now()
      if (done < total && t - last < intervalMs) return
      last = t
      drawn = true
      sink.write(`\r${renderProgress(done, total, label, sink.columns)}\u001B[K`)
    },
    done() {
      if (drawn) sink.write('\r\u001B[K')
      drawn = false
    },
  }
}
