import {splitKeepingEol} from '../../../src/lib/config/lines.js'

export interface LineDiff {
  /** Lines of `a` not kept, with their index in `a`. */
  removed: Array<{index: number; text: string}>
  /** Lines of `b` not taken from `a`, with their index in `b`. */
  added: Array<{index: number; text: string}>
  /** Kept lines as [index in a, index in b]. */
  kept: Array<[number, number]>
}

/** A longest-common-subsequence diff on line contents (line endings are compared separately). */
export function lineDiff(aText: string, bText: string): LineDiff {
  const a = splitKeepingEol(aText).map((l) => l.text)
  const b = splitKeepingEol(bText).map((l) => l.text)
  const n = a.length
  const m = b.length
  const lcs: number[][] = Array.from({length: n + 1}, () => Array.from({length: m + 1}, () => 0))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }

  const diff: LineDiff = {removed: [], added: [], kept: []}
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      diff.kept.push([i++, j++])
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      diff.added.push({index: j, text: b[j++]})
    } else {
      diff.removed.push({index: i, text: a[i++]})
    }
  }

  return diff
}
