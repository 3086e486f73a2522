import {editConfigText, type SectionEdit} from '../config/edit.js'
import {scanConfigText, sectionIdentity} from '../config/parse.js'

/**
 * editConfigText for hundreds of sections at once. The editor analyses the whole file for each
 * edit, which is quadratic when populate touches every profile of a large file. A section's
 * lines run from its header to the next header and are analysed from a fresh parser state at
 * the header, so editing each section on its own text gives the same bytes, in linear time.
 */
interface Chunk {
  text: string
  /** `kind name` of the section the chunk is; undefined for the text before the first header. */
  id?: string
}

const BOM = '\uFEFF'
// New sections are appended a few at a time, so each append works on a short tail.
const APPEND_BATCH = 64

function splitSections(text: string): Chunk[] {
  const chunks: Chunk[] = []
  let start = 0
  let id: string | undefined
  scanConfigText(text, (line) => {
    if (line.kind !== 'header') return
    if (line.start > start || chunks.length > 0 || id !== undefined) chunks.push({text: text.slice(start, line.start), id})
    start = line.start
    const identity = line.header === 'DEFAULT' ? undefined : sectionIdentity(line.header)
    // A header botocore does not map to a section still ends the one before it.
    id = identity ? `${identity.kind} ${identity.name}` : '\u0000other'
  })
  chunks.push({text: text.slice(start), id})
  return chunks
}

/**
 * Edits chunks from..to as one text and puts the re-split result back. The editor picks the line
 * ending for new lines from the text it is given, so a last chunk without any line break is
 * edited together with the chunks before it, back to one that shows the file's line endings.
 */
function editRange(chunks: Chunk[], to: number, edits: SectionEdit[]): void {
  let from = to
  while (from > 0 && !/[\n\r]/.test(chunks[from].text)) from--
  const text = chunks
    .slice(from, to + 1)
    .map((c) => c.text)
    .join('')
  const edited = editConfigText(text, edits)
  chunks.splice(from, to + 1 - from, ...splitSections(edited))
}

function indexOf(chunks: Chunk[]): Map<string, number> {
  const index = new Map<string, number>()
  for (const [i, chunk] of chunks.entries()) if (chunk.id !== undefined) index.set(chunk.id, i)
  return index
}

/** Same bytes as editConfigText(text, edits) for a file with one kind of line ending. */
export function editManySections(text: string, edits: readonly SectionEdit[]): string {
  if (edits.length === 0) return text
  const bom = text.startsWith(BOM) ? BOM : ''
  const chunks = splitSections(text.slice(bom.length))
  let lastIndex = indexOf(chunks)
  const pending: SectionEdit[] = []
  const pendingIds = new Set<string>()
  const flush = () => {
    if (pending.length === 0) return
    editRange(chunks, chunks.length - 1, pending)
    lastIndex = indexOf(chunks)
    pending.length = 0
    pendingIds.clear()
  }

  for (const edit of edits) {
    const id = `${edit.section.kind} ${edit.section.name}`
    // A second edit of a section still waiting to be appended needs it to exist first.
    if (pendingIds.has(id)) flush()
    const at = lastIndex.get(id)
    if (at === undefined) {
      pending.push(edit)
      pendingIds.add(id)
      if (pending.length >= APPEND_BATCH) flush()
    } else if (at < chunks.length - 1) {
      // A middle chunk ends with a line ending and stays one section: no re-split needed.
      chunks[at] = {...chunks[at], text: editConfigText(chunks[at].text, [edit])}
    } else {
      editRange(chunks, at, [edit])
      lastIndex = indexOf(chunks)
    }
  }

  flush()
  return bom + chunks.map((c) => c.text).join('')
}
