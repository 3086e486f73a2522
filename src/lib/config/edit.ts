/**
 * A line-preserving editor for the AWS config file. It changes only the lines an edit is about
 * and leaves every other byte alone: comments (including ones that contain `:` or `=`), blank
 * lines, order, indentation, nested blocks, line endings, a BOM, a missing final newline.
 *
 * Lines are classified with the parser's own scanner, so the editor agrees with the reader
 * (and with botocore) about which line is a key, a continuation, a comment or a header.
 */
import {ConfigError} from '../errors.js'
import {splitKeepingEol, type TextLine} from './lines.js'
import {classifyLine, type LineInfo, newScanState, pyStrip, type SectionIdentity, sectionIdentity, type SectionKind} from './parse.js'
import {profileSectionName} from './profiles.js'

export interface SectionRef {
  kind: SectionKind
  /** Profile `default` is written as `[default]`. */
  name: string
}

export interface SectionEdit {
  section: SectionRef
  /**
   * Keys to set, in order. A dotted key `parent.child` is a key inside the nested block
   * `parent =` (created if missing), unless the section has a literal `parent.child` line.
   */
  set?: Array<[key: string, value: string]>
  remove?: string[]
  /**
   * "discard": afterwards the section holds exactly the `set` keys. Key lines not being set are
   * dropped; comments and blank lines stay; keys being set are replaced where they are.
   */
  replaceAll?: boolean
}

interface Line extends TextLine {
  /** Written by this editor (decides the final newline when it ends the file). */
  ours?: boolean
}

// SDK v3's section-name pattern ([\w\-@+.%:/]+); names outside it are dropped by the JS SDK.
const PORTABLE_NAME = /^[\w\-@+.%:/]+$/
const KEY = /^[\w-]+(?:\.[\w-]+)*$/
// Characters that end a line for Python (universal newlines, str.splitlines) or for the JS SDK.
// eslint-disable-next-line no-control-regex
const LINE_BREAK = /[\n\r\v\f\u001C-\u001E\u0085\u2028\u2029]/
// What the JS SDK strips as an inline comment before reading a line.
const SDK_INLINE_COMMENT = /(^|\s)[#;]/

function kindLabel(kind: SectionKind): string {
  return kind === 'profile' ? 'profile' : kind === 'sso-session' ? 'sso-session' : 'services section'
}

/** Whether SDK v3 reads `[profile NAME]` back as NAME (its header pattern is [\w\-@+.%:/]+). */
export function sdkV3ReadsProfileName(name: string): boolean {
  return PORTABLE_NAME.test(name)
}

/**
 * Throws a ConfigError unless both botocore and the JS SDK can read `[profile NAME]` (or
 * `[sso-session NAME]`, `[services NAME]`) back as NAME. With `botocoreOnly`, a profile name that
 * only botocore (and so the AWS CLI and our credential-process) can read is accepted too: it is
 * written shlex-quoted, `[profile 'my profile']`, as the original tool and `aws configure` write it.
 */
export function validateProfileName(name: string, kind: SectionKind = 'profile', options: {botocoreOnly?: boolean} = {}): void {
  const label = kindLabel(kind)
  const fail = (why: string) => {
    throw new ConfigError(
      `Invalid ${label} name ${JSON.stringify(name)}: ${why}. Use only letters, digits and - _ @ + . % : / so that both the AWS CLI and the JavaScript SDK can read it.`,
    )
  }

  if (name === '') fail('it is empty')
  if (name === '__proto__') fail('the JavaScript SDK refuses to load a config file that contains it')
  if (PORTABLE_NAME.test(name)) return
  if (LINE_BREAK.test(name)) fail('it contains a line break')
  // configparser ends a header at its last `]`, and a `[` would read as the start of one.
  if (/[[\]]/.test(name)) fail('it contains a square bracket')
  if (options.botocoreOnly && kind === 'profile' && name === name.trim()) return
  if (/\s/.test(name)) fail('it contains whitespace')
  const bad = [...name].find((c) => !PORTABLE_NAME.test(c))
  fail(`it contains ${JSON.stringify(bad)}`)
}

function validateKey(key: string): void {
  if (!KEY.test(key)) {
    throw new ConfigError(
      `Invalid config key ${JSON.stringify(key)}: use letters, digits, _ and -, with . only between the parts of a nested key (for example s3.max_concurrent_requests).`,
    )
  }
}

/**
 * Throws a ConfigError unless `key = value` reads back as exactly that key and value through
 * both botocore and the JS SDK. Keys are written as given: botocore lower-cases them, the JS
 * SDK does not, so callers should use lower-case keys.
 */
export function validateValue(key: string, value: string): void {
  validateKey(key)

  const fail = (why: string) => {
    throw new ConfigError(`Invalid value for ${key} (${JSON.stringify(value)}): ${why}.`)
  }

  if (LINE_BREAK.test(value)) fail('it contains a line break; config values must be a single line')
  if (pyStrip(value) !== value || value.trim() !== value) fail('it starts or ends with whitespace, which readers strip; trim it')
  if (SDK_INLINE_COMMENT.test(value)) {
    fail('the JavaScript SDK reads a # or ; at the start or after whitespace as a comment; remove that space or character')
  }
}

function headerFor(ref: SectionRef): string {
  if (ref.kind === 'profile') return `[${profileSectionName(ref.name)}]`
  return `[${ref.kind} ${ref.name}]`
}

function dominantEol(body: string): string {
  let crlf = 0
  let lf = 0
  let cr = 0
  for (const m of body.matchAll(/\r\n|\n|\r/g)) {
    if (m[0] === '\r\n') crlf++
    else if (m[0] === '\n') lf++
    else cr++
  }

  if (crlf > lf && crlf >= cr) return '\r\n'
  // Here crlf <= lf or crlf < cr, so more CRs than LFs means more CRs than either.
  if (cr > lf) return '\r'
  return '\n'
}

function analyse(lines: Line[]): LineInfo[] {
  const state = newScanState()
  return lines.map((line) => classifyLine(state, line.text))
}

interface Span {
  /** Header line index, and the index after the section's last line. */
  start: number
  end: number
  id: SectionIdentity | undefined
  /** Leading whitespace of the header line. */
  indent: string
}

/** Every section, with what botocore makes of its header (`[DEFAULT]` is no named section). */
function sectionSpans(lines: Line[], info: LineInfo[]): Span[] {
  const spans: Span[] = []
  for (const [i, l] of info.entries()) {
    if (l.kind !== 'header') continue
    if (spans.length > 0) spans.at(-1)!.end = i
    spans.push({
      start: i,
      end: lines.length,
      // undefined for [DEFAULT] too: it names no section
      id: sectionIdentity(l.header),
      indent: leading(lines[i], l),
    })
  }

  return spans
}

const refKey = (kind: SectionKind, name: string) => `${kind}\0${name}`

/** Splits a nested block's line `k = v` the way botocore's _parse_nested does. */
function subKey(text: string): [string, string] | undefined {
  const s = pyStrip(text)
  const eq = s.indexOf('=')
  if (eq === -1) return undefined
  return [pyStrip(s.slice(0, eq)), pyStrip(s.slice(eq + 1))]
}

/** `key = value`; an empty value (e.g. `cli_pager =`, which turns the AWS CLI pager off) without a trailing space. */
function assignment(key: string, value: string): string {
  return value === '' ? `${key} =` : `${key} = ${value}`
}

/** Leading whitespace of a line, as many characters as configparser counted. */
function leading(line: Line, info: LineInfo): string {
  return line.text.slice(0, info.indent)
}

/**
 * Edits one section in place. `sec[0]` is its header; the array is analysed again after every
 * change, which is cheap because a section is small and its parsing state starts fresh at the
 * header.
 */
class SectionEditor {
  private info: LineInfo[]
  // Where discard mode removed the first key, so new keys take the old keys' place.
  private insertHint: number | undefined
  // Keys already placed right after the header, so that later ones follow them in order.
  private placedAtTop = 0

  // `following` is the leading whitespace of the header after this section ('' if none): an
  // indented line there constrains how new keys may be indented.
  constructor(
    private readonly sec: Line[],
    private readonly eol: string,
    private readonly following: string,
  ) {
    this.info = analyse(sec)
  }

  apply(edit: SectionEdit): void {
    const set = edit.set ?? []
    if (edit.replaceAll) this.discardExcept(set.map(([k]) => k))
    for (const key of edit.remove ?? []) this.removeKey(key)
    for (const [key, value] of set) this.setKey(key, value)
  }

  private refresh(): void {
    this.info = analyse(this.sec)
  }

  private options(key?: string): number[] {
    const out: number[] = []
    for (const [i, l] of this.info.entries()) if (l.kind === 'option' && (key === undefined || l.key === key)) out.push(i)
    return out
  }

  /**
   * The option line plus the lines up to its last continuation line. Every continuation line
   * before the next option, header or junk line belongs to this option.
   */
  private blockEnd(opt: number): number {
    let last = opt
    for (let i = opt + 1; i < this.info.length; i++) {
      const {kind} = this.info[i]
      if (kind === 'continuation') last = i
      else if (kind !== 'blank' && kind !== 'comment') break
    }

    return last
  }

  private subLines(opt: number): number[] {
    const out: number[] = []
    for (let i = opt + 1; i <= this.blockEnd(opt); i++) if (this.info[i].kind === 'continuation') out.push(i)
    return out
  }

  /**
   * Removes the given lines. Blank lines inside a removed block go with it (configparser reads
   * them as part of the value); comments always stay.
   */
  private removeLines(indices: Iterable<number>): void {
    const drop = new Set(indices)
    for (const i of drop) {
      if (this.info[i].kind !== 'option') continue
      const end = this.blockEnd(i)
      for (let j = i + 1; j <= end; j++) if (this.info[j].kind !== 'comment') drop.add(j)
    }

    const sorted = [...drop].sort((a, b) => b - a)
    for (const i of sorted) this.sec.splice(i, 1)
    this.refresh()
  }

  // A line without an ending that no longer ends the file gets one in closeDoc.
  private insert(at: number, lines: Line[]): void {
    this.sec.splice(at, 0, ...lines)
    this.refresh()
  }

  private newLine(text: string): Line {
    return {text, eol: this.eol, ours: true}
  }

  private discardExcept(keys: string[]): void {
    const keep = new Set<string>()
    const keepChildren = new Map<string, Set<string>>()
    for (const key of keys) {
      keep.add(key.toLowerCase())
      const dot = key.indexOf('.')
      if (dot > 0) {
        const parent = key.slice(0, dot).toLowerCase()
        if (!keepChildren.has(parent)) keepChildren.set(parent, new Set())
        keepChildren.get(parent)!.add(key.slice(dot + 1))
      }
    }

    const drop: number[] = []
    for (const i of this.options()) {
      const l = this.info[i]
      if (keep.has(l.key)) continue
      const children = keepChildren.get(l.key)
      if (children && l.value === '') {
        for (const j of this.subLines(i)) {
          const kv = subKey(this.info[j].value)
          if (!kv || !children.has(kv[0])) drop.push(j)
        }

        continue
      }

      drop.push(i)
    }

    if (drop.length === 0) return
    // Lines before the first dropped one do not move, so its index is where the keys were.
    const first = Math.min(...drop)
    this.removeLines(drop)
    if (this.options().length === 0) this.insertHint = first
  }

  private removeKey(key: string): void {
    const lower = key.toLowerCase()
    const literal = this.options(lower)
    if (literal.length > 0) {
      this.removeLines(literal)
      return
    }

    const dot = key.indexOf('.')
    if (dot <= 0) return
    const parents = this.options(key.slice(0, dot).toLowerCase())
    const parent = parents.at(-1)
    if (parent === undefined || this.info[parent].value !== '') return
    const child = key.slice(dot + 1)
    const subs = this.subLines(parent)
    const matching = subs.filter((j) => subKey(this.info[j].value)?.[0] === child)
    if (matching.length === 0) return
    // A parent left with no sub-keys would read as an empty value (botocore) or nothing (JS SDK).
    this.removeLines(matching.length === subs.length ? [parent] : matching)
  }

  /** After the section's last key and its block; else where discard removed keys; else after the header. */
  private anchor(): number {
    const opts = this.options()
    if (opts.length > 0) return this.blockEnd(opts.at(-1)!) + 1
    return this.insertHint ?? 1
  }

  /** Leading whitespace of the first line at or after `from` that configparser does not skip. */
  private nextStructuralIndent(from: number): string {
    for (let i = from; i < this.sec.length; i++) {
      const l = this.info[i]
      if (l.kind !== 'blank' && l.kind !== 'comment') return leading(this.sec[i], l)
    }

    return this.following
  }

  /**
   * Whether SDK v3 would read an indented line inserted before `at` as a sub-key: it treats
   * every indented `k = v` after a `parent =` line as nested until a line at column 0.
   */
  private sdkNestedAt(at: number): boolean {
    let nested = false
    for (let i = 1; i < at; i++) {
      const raw = this.sec[i].text
      const trimmed = raw.split(/(^|\s)[#;]/)[0].trim()
      const eq = trimmed.indexOf('=')
      if (eq <= 0) continue
      if (trimmed.slice(eq + 1).trim() === '') nested = true
      else if (nested && raw.trimStart() === raw) nested = false
    }

    return nested
  }

  /**
   * Where a new top-level key goes, and how it is indented. Normally after the last key at
   * column 0. But configparser reads a line indented deeper than the key line before it as a
   * continuation, so if the next non-comment line (possibly the next section's header) is
   * indented, the new line takes that indentation; and if SDK v3 would then read it as a
   * nested sub-key, a plain key goes right after the header instead.
   */
  private placement(nested: boolean): {at: number; indent: string} {
    const at = this.anchor()
    const indent = this.nextStructuralIndent(at)
    if (indent === '' || !this.sdkNestedAt(at)) return {at, indent}
    if (nested) {
      throw new ConfigError(`Cannot add a nested block to ${pyStrip(this.sec[0].text)} safely: the line after it is indented; remove that indentation first.`)
    }

    return {at: 1 + this.placedAtTop++, indent: this.nextStructuralIndent(1)}
  }

  private setKey(key: string, value: string): void {
    const lower = key.toLowerCase()
    const literal = this.options(lower)
    if (literal.length > 0) {
      const keepAt = literal.at(-1)!
      const line = this.sec[keepAt]
      const l = this.info[keepAt]
      const stripped = pyStrip(line.text)
      const d = stripped.search(/[:=]/)
      const already = l.value === value && stripped[d] === '=' && pyStrip(stripped.slice(0, d)) === key && this.blockEnd(keepAt) === keepAt
      const removeAlso = literal.slice(0, -1)
      if (!already) {
        line.text = `${leading(line, l)}${assignment(key, value)}`
        // Its old continuation lines would otherwise be read as part of the new value.
        for (const j of this.subLines(keepAt)) removeAlso.push(j)
        for (let j = keepAt + 1; j <= this.blockEnd(keepAt); j++) if (this.info[j].kind === 'blank') removeAlso.push(j)
      }

      if (removeAlso.length > 0) this.removeLines(removeAlso)
      else this.refresh()
      return
    }

    const dot = key.indexOf('.')
    if (dot > 0) {
      this.setNested(key, key.slice(0, dot), key.slice(dot + 1), value)
      return
    }

    const {at, indent} = this.placement(false)
    this.insert(at, [this.newLine(`${indent}${assignment(key, value)}`)])
  }

  private setNested(key: string, parentKey: string, child: string, value: string): void {
    const parent = this.options(parentKey.toLowerCase()).at(-1)
    if (parent === undefined) {
      const {at, indent} = this.placement(true)
      this.insert(at, [this.newLine(`${indent}${parentKey} =`), this.newLine(`${indent}    ${assignment(child, value)}`)])
      return
    }

    if (this.info[parent].value !== '') {
      throw new ConfigError(
        `Cannot set ${key} in ${pyStrip(this.sec[0].text)}: ${parentKey} there has a plain value, not a nested block; remove ${parentKey} first.`,
      )
    }

    const subs = this.subLines(parent)
    const matching = subs.filter((j) => subKey(this.info[j].value)?.[0] === child)
    if (matching.length > 0) {
      const keepAt = matching.at(-1)!
      const line = this.sec[keepAt]
      if (subKey(this.info[keepAt].value)![1] !== value) {
        line.text = `${leading(line, this.info[keepAt])}${assignment(child, value)}`
      }

      if (matching.length > 1) this.removeLines(matching.slice(0, -1))
      else this.refresh()
      return
    }

    const indent = subs.length > 0 ? leading(this.sec[subs[0]], this.info[subs[0]]) : `${leading(this.sec[parent], this.info[parent])}    `
    this.insert(this.blockEnd(parent) + 1, [this.newLine(`${indent}${assignment(child, value)}`)])
  }
}

interface Doc {
  bom: string
  eol: string
  lines: Line[]
  /** The original text had content and no final line ending: keep it that way. */
  noFinalEol: boolean
}

function openDoc(text: string): Doc {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const body = text.slice(bom.length)
  const lines: Line[] = splitKeepingEol(body)
  return {bom, eol: dominantEol(body), lines, noFinalEol: lines.length > 0 && lines.at(-1)!.eol === ''}
}

function closeDoc(doc: Doc): string {
  const {lines} = doc
  let out = doc.bom
  for (const [i, line] of lines.entries()) {
    // Only the original last line can lack an ending; once something follows it, it needs one.
    let {eol} = line
    if (i < lines.length - 1) eol ||= doc.eol
    else if (!line.ours && doc.noFinalEol) eol = ''
    out += line.text + eol
  }

  return out
}

function validateEdit(edit: SectionEdit): void {
  // The flows decide how strict to be (populate: every SDK; profile: botocore at least).
  validateProfileName(edit.section.name, edit.section.kind, {botocoreOnly: true})
  for (const [key, value] of edit.set ?? []) validateValue(key, value)
  for (const key of edit.remove ?? []) validateKey(key)
}

/**
 * Applies the edits in order. Each edit works on the section botocore would use for its name
 * (the last one, so for `default` whichever of `[default]` and `[profile default]` comes later).
 * Within an edit: discard first, then `remove`, then `set`. An existing key is rewritten in
 * place as `key = value` keeping its indentation, unless it already reads exactly so; extra
 * lines for the same key are removed. New keys go after the section's last key line (and its
 * nested block). A missing section is appended at the end after one blank line; a section is
 * only created when there is something to set.
 */
export function editConfigText(text: string, edits: SectionEdit[]): string {
  for (const edit of edits) validateEdit(edit)
  const doc = openDoc(text)
  const {lines} = doc
  // Scanned once: an edit changes lines only inside its own section (and never turns the next
  // header into a continuation), so later sections just shift.
  const spans = sectionSpans(lines, analyse(lines))

  for (const edit of edits) {
    const {kind, name} = edit.section
    let k = spans.findLastIndex((sp) => sp.id?.kind === kind && sp.id.name === name)
    if (k === -1) {
      if (!edit.set?.length) continue
      const last = lines.at(-1)
      if (last && pyStrip(last.text) !== '') lines.push({text: '', eol: doc.eol, ours: true})

      if (spans.length > 0) spans.at(-1)!.end = lines.length
      lines.push({text: headerFor(edit.section), eol: doc.eol, ours: true})
      spans.push({start: lines.length - 1, end: lines.length, id: {kind, name}, indent: ''})
      k = spans.length - 1
    }

    const span = spans[k]
    const sec = lines.slice(span.start, span.end)
    new SectionEditor(sec, doc.eol, spans[k + 1]?.indent ?? '').apply(edit)
    lines.splice(span.start, span.end - span.start, ...sec)
    const delta = sec.length - (span.end - span.start)
    span.end += delta
    for (let j = k + 1; j < spans.length; j++) {
      spans[j].start += delta
      spans[j].end += delta
    }
  }

  return closeDoc(doc)
}

/**
 * Removes every section botocore maps to one of `sections`: its header, its key and
 * continuation lines, and the comments and blank lines between them, plus the blank lines after
 * it. Comments above the header or after the section's last key line are kept: they often
 * describe the next section, and a comment is not ours to delete.
 */
export function removeSections(text: string, sections: SectionRef[]): string {
  const doc = openDoc(text)
  const {lines} = doc
  const info = analyse(lines)
  const drop = new Set<number>()
  const wanted = new Set(sections.map((r) => refKey(r.kind, r.name)))
  for (const {start, end, id} of sectionSpans(lines, info)) {
    if (!id || !wanted.has(refKey(id.kind, id.name))) continue
    let last = start
    for (let i = start + 1; i < end; i++) if (info[i].kind !== 'blank' && info[i].kind !== 'comment') last = i
    let stop = last + 1
    while (stop < end && info[stop].kind === 'blank') stop++
    for (let i = start; i < stop; i++) drop.add(i)
    // At the end of the file, the blank lines that separated it would be left trailing.
    if (stop === lines.length) for (let i = start - 1; i >= 0 && info[i].kind === 'blank'; i--) drop.add(i)
  }

  if (drop.size === 0) return text
  doc.lines = lines.filter((_, i) => !drop.has(i))
  return closeDoc(doc)
}
