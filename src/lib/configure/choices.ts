/** A choice in a search list, and the match rule; plain data, no prompt library. */
export interface Choice<T> {
  value: T
  name: string
  description?: string
}

/** Case-insensitive match of every space-separated word against the choice's text. */
export function filterChoices<T>(choices: ReadonlyArray<Choice<T>>, term: string | undefined): Array<Choice<T>> {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...choices]
  return choices.filter((choice) => {
    const text = `${choice.name} ${choice.description ?? ''}`.toLowerCase()
    return words.every((word) => text.includes(word))
  })
}
