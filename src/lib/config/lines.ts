/** A line of a text file and the ending that followed it. */
export interface TextLine {
  /** Content without the line ending. */
  text: string
  /** `\n`, `\r\n`, `\r`, or '' for a last line without one. */
  eol: string
}

/**
 * Splits where Python's universal newlines do (`\r\n`, `\n`, a lone `\r`), keeping each line's
 * ending, so that joining text and eol gives back the text byte for byte.
 */
export function splitKeepingEol(text: string): TextLine[] {
  const lines: TextLine[] = []
  let pos = 0
  for (const m of text.matchAll(/\r\n|\n|\r/g)) {
    lines.push({text: text.slice(pos, m.index), eol: m[0]})
    pos = m.index + m[0].length
  }

  if (pos < text.length) lines.push({text: text.slice(pos), eol: ''})
  return lines
}
