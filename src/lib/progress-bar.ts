/**
 * A progress bar for listings that take a while (hundreds of accounts), drawn on stderr only when
 * it is a terminal.
 */

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
