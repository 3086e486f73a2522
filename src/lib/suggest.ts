/** Edit distance (insert, delete, substitute), for "did you mean" on a mistyped command or region. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }

    previous = current
  }

  return previous[b.length]
}

export interface Suggestion {
  /** The command id, words joined by ":". */
  id: string
  /** What the user typed after the mistyped command words: arguments, kept as they were. */
  rest: string[]
}

/**
 * The closest command to what was typed. oclif hands over everything before the first flag joined
 * by ":", arguments included (`configure:profle:dev`), so each leading run of words is tried
 * against each command id; a suggestion more than a third of the typed length away is no help.
 * An exact command id followed by more words is no typo and never suggested: that would repeat the
 * very command line that failed (see `commandWithExtraWords`).
 */
export function closestCommand(typed: string, ids: readonly string[]): Suggestion | undefined {
  const words = typed.split(':')
  let best: (Suggestion & {distance: number}) | undefined
  for (let n = words.length; n >= 1; n--) {
    const head = words.slice(0, n).join(':')
    for (const id of ids) {
      const distance = editDistance(head, id)
      if (distance === 0 || distance > Math.max(1, Math.floor(head.length / 3))) continue
      if (!best || distance < best.distance) best = {id, rest: words.slice(n), distance}
    }
  }

  return best ? {id: best.id, rest: best.rest} : undefined
}

/** The longest command id that the typed words start with, when more words follow it. */
export function commandWithExtraWords(typed: string, ids: readonly string[]): Suggestion | undefined {
  const words = typed.split(':')
  for (let n = words.length - 1; n >= 1; n--) {
    const head = words.slice(0, n).join(':')
    if (ids.includes(head)) return {id: head, rest: words.slice(n)}
  }

  return undefined
}
