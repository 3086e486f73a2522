/**
 * Reads an AWS config file the way botocore does (Python's RawConfigParser followed by
 * botocore's build_profile_map), without ever throwing: where botocore would refuse the whole
 * file we skip the offending line or section and keep going, because this runs inside
 * credential-process and a stray line must not break every SDK client on the machine.
 *
 * This module is on the credential-process hot path: it imports nothing and reads the text in
 * one pass. The editor reuses its line scanner so that reader and writer never disagree about
 * what a line is.
 */

// Offsets here are UTF-16 units and every character we test for is in the BMP.
/* eslint-disable unicorn/prefer-code-point */

/** Keys lower-cased; a nested block `s3 =` + indented `k = v` lines becomes `s3: ''` and `s3.k: v`. */
export type Section = Record<string, string>

export interface ParsedConfig {
  profiles: Record<string, Section>
  ssoSessions: Record<string, Section>
  services: Record<string, Section>
}

export type SectionKind = 'profile' | 'services' | 'sso-session'

export interface SectionIdentity {
  kind: SectionKind
  name: string
}

/**
 * - blank, comment: no effect on parsing state (a blank line inside a value is part of it)
 * - header: `[...]`; `header` holds the text between the brackets
 * - option: `key = value` or `key: value`; `key` is lower-cased, `value` trimmed
 * - continuation: indented deeper than the option above it, so part of that option's value
 * - junk: anything botocore would reject (no delimiter, empty key, text before the first header)
 */
export type LineKind = 'blank' | 'comment' | 'continuation' | 'header' | 'junk' | 'option'

export interface LineInfo {
  kind: LineKind
  /** Count of leading whitespace characters, as Python's configparser counts indentation. */
  indent: number
  /** option: the lower-cased key */
  key: string
  /** option: the trimmed value on this line; continuation: the trimmed line */
  value: string
  /** header: the text between the brackets */
  header: string
}

export interface ScannedLine extends LineInfo {
  /** Offsets into the scanned text: content is [start, end), the line ending is [end, next). */
  start: number
  end: number
  next: number
}

/** configparser's parsing state between lines. */
export interface ScanState {
  inSection: boolean
  /** configparser's `optname` is set: deeper-indented lines continue that option's value */
  optionOpen: boolean
  indentLevel: number
}

export function newScanState(): ScanState {
  return {inSection: false, optionOpen: false, indentLevel: 0}
}

// Python's str.isspace(), which configparser's strip() and indentation use. JS's trim() differs
// (it strips U+FEFF and keeps U+001C..U+001F and U+0085).
function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x1c
  if (c < 0x85) return false
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x16_80 ||
    (c >= 0x20_00 && c <= 0x20_0a) ||
    c === 0x20_28 ||
    c === 0x20_29 ||
    c === 0x20_2f ||
    c === 0x20_5f ||
    c === 0x30_00
  )
}

export function pyStrip(s: string): string {
  let a = 0
  let b = s.length
  while (a < b && isPySpace(s.charCodeAt(a))) a++
  while (b > a && isPySpace(s.charCodeAt(b - 1))) b--
  return a === 0 && b === s.length ? s : s.slice(a, b)
}

function pyRstrip(s: string): string {
  let b = s.length
  while (b > 0 && isPySpace(s.charCodeAt(b - 1))) b--
  return b === s.length ? s : s.slice(0, b)
}

/**
 * Python's shlex.split(s) (POSIX mode, no comments), which botocore applies to section headers.
 * Returns undefined where shlex raises (unclosed quote, trailing backslash); botocore then
 * ignores the section.
 */
export function shlexSplit(s: string): string[] | undefined {
  const out: string[] = []
  let token = ''
  let quoted = false
  // ' ' between words, 'a' in a word, a quote char inside quotes, '\\' right after a backslash
  let state = ' '
  let escapedFrom = 'a'
  for (const ch of s) {
    const ws = ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'
    switch (state) {
      case ' ': {
        if (ws) break
        if (ch === '\\') {
          escapedFrom = 'a'
          state = '\\'
        } else if (ch === "'" || ch === '"') {
          state = ch
        } else {
          token = ch
          state = 'a'
        }

        break
      }

      case 'a': {
        if (ws) {
          out.push(token)
          token = ''
          quoted = false
          state = ' '
        } else if (ch === "'" || ch === '"') {
          state = ch
        } else if (ch === '\\') {
          escapedFrom = 'a'
          state = '\\'
        } else {
          token += ch
        }

        break
      }

      case '\\': {
        // Inside double quotes a backslash only escapes `\` and `"`; elsewhere it is kept.
        if (escapedFrom === '"' && ch !== '\\' && ch !== '"') token += '\\'
        token += ch
        state = escapedFrom
        break
      }

      default: {
        quoted = true
        if (ch === state) {
          state = 'a'
        } else if (ch === '\\' && state === '"') {
          escapedFrom = '"'
          state = '\\'
        } else {
          token += ch
        }
      }
    }
  }

  if (state === '\\' || state === "'" || state === '"') return undefined
  if (state === 'a' && (token || quoted)) out.push(token)
  return out
}

/**
 * What botocore's build_profile_map makes of a section header. The prefix test is a plain
 * startswith, so `[profilex a]` is profile `a`, exactly as botocore reads it; `[DEFAULT]` is
 * configparser's defaults section and is handled by the caller.
 */
export function sectionIdentity(header: string): SectionIdentity | undefined {
  let kind: SectionKind
  if (header.startsWith('profile')) kind = 'profile'
  else if (header.startsWith('sso-session')) kind = 'sso-session'
  else if (header.startsWith('services')) kind = 'services'
  else if (header === 'default') return {kind: 'profile', name: 'default'}
  else return undefined
  const parts = shlexSplit(header)
  if (parts?.length !== 2) return undefined
  return {kind, name: parts[1]}
}

// Fills `line` for text[start, end); the index arithmetic avoids allocating on the hot path.
function classifyInto(state: ScanState, text: string, start: number, end: number, line: LineInfo): void {
  line.kind = 'blank'
  line.indent = 0
  line.key = ''
  line.value = ''
  line.header = ''
  let a = start
  let b = end
  while (a < b && isPySpace(text.charCodeAt(a))) a++
  while (b > a && isPySpace(text.charCodeAt(b - 1))) b--
  if (a === b) return
  const first = text.charCodeAt(a)
  if (first === 35 || first === 59) {
    line.kind = 'comment'
    return
  }

  const indent = a - start
  line.indent = indent
  if (state.inSection && state.optionOpen && indent > state.indentLevel) {
    line.kind = 'continuation'
    line.value = text.slice(a, b)
    return
  }

  state.indentLevel = indent
  if (first === 91) {
    const close = text.lastIndexOf(']', b - 1)
    if (close >= a + 2) {
      line.kind = 'header'
      line.header = text.slice(a + 1, close)
      state.inSection = true
      state.optionOpen = false
      return
    }
  }

  line.kind = 'junk'
  if (!state.inSection) return
  // The first `=` or `:` splits, like configparser's lazy OPTCRE.
  let d = a
  while (d < b) {
    const c = text.charCodeAt(d)
    if (c === 61 || c === 58) break
    d++
  }

  if (d === b) return
  // An empty key leaves configparser's optname as '', which ends continuation.
  if (d === a) {
    state.optionOpen = false
    return
  }

  let keyEnd = d
  while (isPySpace(text.charCodeAt(keyEnd - 1))) keyEnd--
  let valueStart = d + 1
  while (valueStart < b && isPySpace(text.charCodeAt(valueStart))) valueStart++
  line.kind = 'option'
  line.key = text.slice(a, keyEnd).toLowerCase()
  line.value = text.slice(valueStart, b)
  state.optionOpen = true
}

/** Classifies one line (without its line ending) and advances the state, as configparser's _read does. */
export function classifyLine(state: ScanState, raw: string): LineInfo {
  const line: LineInfo = {kind: 'blank', indent: 0, key: '', value: '', header: ''}
  classifyInto(state, raw, 0, raw.length, line)
  return line
}

/**
 * Reports each line of the text with its classification. Lines end at `\r\n`, `\n` or a lone
 * `\r`, as Python's universal newlines split them. A leading BOM is not stripped here. The
 * object passed to `visit` is reused for the next line.
 */
export function scanConfigText(text: string, visit: (line: ScannedLine) => void): void {
  const n = text.length
  const state = newScanState()
  const line: ScannedLine = {kind: 'blank', indent: 0, key: '', value: '', header: '', start: 0, end: 0, next: 0}
  let pos = 0
  while (pos < n) {
    let end = pos
    while (end < n) {
      const c = text.charCodeAt(end)
      if (c === 10 || c === 13) break
      end++
    }

    let next = end
    if (next < n) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1
    classifyInto(state, text, pos, end, line)
    line.start = pos
    line.end = end
    line.next = next
    pos = next
    visit(line)
  }
}

// str.splitlines() boundaries, which botocore's _parse_nested uses on a joined value.
// eslint-disable-next-line no-control-regex
const SPLITLINES = /\r\n|[\n\v\f\r\u001C-\u001E\u0085\u2028\u2029]/

function newMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}

type RawSection = Map<string, string[]>

function finishSection(raw: RawSection, defaults: RawSection): Section {
  const out = newMap<string>()
  const add = (key: string, parts: string[]) => {
    const value = pyRstrip(parts.join('\n'))
    if (!value.startsWith('\n')) {
      out[key] = value
      return
    }

    out[key] = ''
    for (const l of value.split(SPLITLINES)) {
      const s = pyStrip(l)
      const eq = s.indexOf('=')
      // botocore raises on a nested line without `=`; we drop just that line.
      if (eq === -1) continue
      out[`${key}.${pyStrip(s.slice(0, eq))}`] = pyStrip(s.slice(eq + 1))
    }
  }

  for (const [key, parts] of defaults) if (!raw.has(key)) add(key, parts)
  for (const [key, parts] of raw) add(key, parts)
  return out
}

/**
 * Duplicates: botocore raises on a repeated header or key, but lets distinct headers that name
 * the same profile (`[default]` and `[profile default]`, `[profile a]` and `[profile "a"]`)
 * replace each other, the later one winning entirely. We apply that same rule to every
 * duplicate: the last section for a name wins entirely, and within a section the last line for
 * a key wins. The editor edits that same last section, so what it writes is what is read.
 */
export function parseConfigText(text: string): ParsedConfig {
  const body = text.charCodeAt(0) === 0xfe_ff ? text.slice(1) : text
  const found: Array<[SectionIdentity, RawSection]> = []
  const defaults: RawSection = new Map()
  let current: RawSection | undefined
  let parts: string[] | undefined
  scanConfigText(body, (line) => {
    switch (line.kind) {
      case 'blank': {
        parts?.push('')
        break
      }

      case 'continuation': {
        parts?.push(line.value)
        break
      }

      case 'header': {
        parts = undefined
        if (line.header === 'DEFAULT') {
          current = defaults
          break
        }

        current = new Map()
        const id = sectionIdentity(line.header)
        if (id) found.push([id, current])
        break
      }

      case 'option': {
        parts = [line.value]
        current!.set(line.key, parts)
        break
      }

      default:
    }
  })

  const result: ParsedConfig = {profiles: newMap(), ssoSessions: newMap(), services: newMap()}
  for (const [id, raw] of found) {
    const target =
      id.kind === 'profile' ? result.profiles : id.kind === 'sso-session' ? result.ssoSessions : result.services
    target[id.name] = finishSection(raw, defaults)
  }

  return result
}
