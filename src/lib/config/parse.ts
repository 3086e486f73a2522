/**
 * Reads an AWS config file the way botocore does (Python's RawConfigParser followed by
 * botocore's build_profile_map). Where botocore refuses the whole file ("Unable to parse config
 * file"), so do we, naming the first offending line: reading such a file leniently gave
 * misleading errors ("Profile a was not found") and let configure append to a file that every
 * AWS CLI and SDK still refused. The one exception is a leading BOM, which we tolerate.
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
  if (c <= 0x20) return c >= 0x1c || (c >= 0x09 && c <= 0x0d)
  // Nothing from here to U+0084 is a space: most text stops here.
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
 * shlex's state while splitting: `state` is ' ' between words, 'a' in a word, a quote char
 * inside quotes, '\\' right after a backslash, which returns to `escapedFrom`.
 */
interface Shlex {
  out: string[]
  token: string
  state: string
  escapedFrom: string
}

function shlexBetweenWords(lx: Shlex, ch: string, ws: boolean): void {
  if (ws) return
  if (ch === '\\') {
    lx.escapedFrom = 'a'
    lx.state = '\\'
  } else if (ch === "'" || ch === '"') {
    lx.state = ch
  } else {
    lx.token = ch
    lx.state = 'a'
  }
}

function shlexInWord(lx: Shlex, ch: string, ws: boolean): void {
  if (ws) {
    lx.out.push(lx.token)
    lx.token = ''
    lx.state = ' '
  } else if (ch === "'" || ch === '"') {
    lx.state = ch
  } else if (ch === '\\') {
    lx.escapedFrom = 'a'
    lx.state = '\\'
  } else {
    lx.token += ch
  }
}

function shlexEscaped(lx: Shlex, ch: string): void {
  // Inside double quotes a backslash only escapes `\` and `"`; elsewhere it is kept.
  if (lx.escapedFrom === '"' && ch !== '\\' && ch !== '"') lx.token += '\\'
  lx.token += ch
  lx.state = lx.escapedFrom
}

function shlexQuoted(lx: Shlex, ch: string): void {
  if (ch === lx.state) {
    lx.state = 'a'
  } else if (ch === '\\' && lx.state === '"') {
    lx.escapedFrom = '"'
    lx.state = '\\'
  } else {
    lx.token += ch
  }
}

/**
 * Python's shlex.split(s) (POSIX mode, no comments), which botocore applies to section headers.
 * Returns undefined where shlex raises (unclosed quote, trailing backslash); botocore then
 * ignores the section.
 */
export function shlexSplit(s: string): string[] | undefined {
  const lx: Shlex = {out: [], token: '', state: ' ', escapedFrom: 'a'}
  for (const ch of s) {
    const ws = ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n'
    switch (lx.state) {
      case ' ': {
        shlexBetweenWords(lx, ch, ws)
        break
      }

      case 'a': {
        shlexInWord(lx, ch, ws)
        break
      }

      case '\\': {
        shlexEscaped(lx, ch)
        break
      }

      default: {
        shlexQuoted(lx, ch)
      }
    }
  }

  if (lx.state === '\\' || lx.state === "'" || lx.state === '"') return undefined
  // In a word, the token is not empty unless it was quoted (`""` is an empty word).
  if (lx.state === 'a') lx.out.push(lx.token)
  return lx.out
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
  if (state.inSection) classifyOption(state, text, a, b, line)
}

// text[a, b) (stripped, not a header or continuation) inside a section: an option, or junk without a delimiter.
function classifyOption(state: ScanState, text: string, a: number, b: number, line: LineInfo): void {
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

/**
 * A line that makes botocore refuse the file. `exitCode` is the CLI's configuration exit code
 * (2): this module imports nothing, and errors are judged by shape (see isAppError). The message
 * has no path; {@link ConfigSyntaxError.inFile} adds it.
 */
export class ConfigSyntaxError extends Error {
  readonly exitCode = 2

  constructor(
    /** 1-based, counted as Python's universal newlines count lines. */
    readonly lineNumber: number,
    /** What is wrong, as a phrase that follows "line N". */
    readonly reason: string,
    /** How to fix it. */
    readonly fix: string,
  ) {
    super(`line ${lineNumber} ${reason}; ${fix}.`)
    this.name = 'ConfigSyntaxError'
  }

  inFile(path: string): string {
    return `Cannot read the AWS config file ${path}: line ${this.lineNumber} ${this.reason} (the AWS CLI and SDKs refuse this file too); ${this.fix}.`
  }
}

// Header and key names in messages: enough to find them, never a whole pasted line.
function shown(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}...` : name
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

// Why a junk line is junk, in the order configparser would decide it.
function junkProblem(text: string, line: ScannedLine, lineNumber: number, inSection: boolean): ConfigSyntaxError {
  const first = text.charCodeAt(line.start + line.indent)
  if (first === 91) {
    return new ConfigSyntaxError(
      lineNumber,
      'starts a section header but has no closing "]" (or no name)',
      'write it as [profile NAME], [sso-session NAME] or [default]',
    )
  }

  if (!inSection) {
    return new ConfigSyntaxError(
      lineNumber,
      'comes before the first section header',
      'move it under a header such as [default] or [profile NAME], or comment it out with #',
    )
  }

  if (first === 61 || first === 58) {
    return new ConfigSyntaxError(lineNumber, 'has no setting name before its "="', 'write it as key = value, or comment it out with #')
  }

  return new ConfigSyntaxError(
    lineNumber,
    'has no "=" (settings are written key = value)',
    'add the "=", indent it to continue the value above, or comment it out with #',
  )
}

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
      // Only a [DEFAULT] block that no section inherits gets here with such a line.
      if (eq === -1) continue
      out[`${key}.${pyStrip(s.slice(0, eq))}`] = pyStrip(s.slice(eq + 1))
    }
  }

  for (const [key, parts] of defaults) if (!raw.has(key)) add(key, parts)
  for (const [key, parts] of raw) add(key, parts)
  return out
}

function badNestedLine(lineNumber: number, key: string): ConfigSyntaxError {
  return new ConfigSyntaxError(lineNumber, `is in the nested block "${shown(key)}" but has no "="`, 'write it as key = value, or comment it out with #')
}

// A line of a nested block (an option whose value starts on the next line) that botocore's
// _parse_nested cannot split: it raises on any non-blank str.splitlines() piece without `=`.
function nestedLineProblem(value: string): boolean {
  for (const piece of value.split(SPLITLINES)) if (pyStrip(piece) && !piece.includes('=')) return true
  return false
}

/**
 * Throws {@link ConfigSyntaxError} at the first line that makes configparser or botocore refuse
 * the file: text before the first section header, a header without its `]`, a line in a section
 * without `=` or `:`, an empty key, a repeated section or a repeated key in one section (strict
 * mode), a nested-block line without `=`. Distinct headers that name the same profile
 * (`[default]` and `[profile default]`, `[profile a]` and `[profile "a"]`) are allowed, as
 * botocore allows them: the later section wins entirely. The check rides on the single scan.
 * A bad nested line inside [DEFAULT] counts only when some section inherits that key, as in
 * botocore.
 */
export function parseConfigText(text: string): ParsedConfig {
  const body = text.charCodeAt(0) === 0xfe_ff ? text.slice(1) : text
  const scan = new StrictScan()
  scanConfigText(body, (line) => {
    scan.lineNumber++
    switch (line.kind) {
      case 'blank': {
        scan.parts?.push('')
        break
      }

      case 'continuation': {
        scan.continuation(line.value)
        break
      }

      case 'header': {
        scan.header(line.header)
        break
      }

      case 'option': {
        scan.option(line.key, line.value)
        break
      }

      case 'junk': {
        throw junkProblem(body, line, scan.lineNumber, scan.current !== undefined)
      }

      default:
    }
  })
  return scan.finish()
}

/**
 * The state of one pass over a config file, with configparser's strict-mode bookkeeping: section
 * names (exact header text) and keys per section, each with the line that first had it. Keys in
 * every [DEFAULT] block count as one section.
 */
class StrictScan {
  current: RawSection | undefined
  lineNumber = 0
  parts: string[] | undefined
  private readonly badDefaultLines = new Map<string, number>()
  private currentKey = ''
  private readonly defaultKeyLines = new Map<string, number>()
  private readonly defaults: RawSection = new Map()
  private readonly found: Array<[SectionIdentity, RawSection]> = []
  private keyLines = this.defaultKeyLines
  private nested = false
  private readonly sectionKeyLines: Array<Map<string, number>> = []
  private readonly sectionLines = new Map<string, number>()
  private sectionName = ''

  continuation(value: string): void {
    if (this.nested && nestedLineProblem(value)) {
      if (this.current !== this.defaults) throw badNestedLine(this.lineNumber, this.currentKey)
      // botocore parses a [DEFAULT] block only in the sections that inherit it: decided at the end.
      if (!this.badDefaultLines.has(this.currentKey)) this.badDefaultLines.set(this.currentKey, this.lineNumber)
    }

    this.parts?.push(value)
  }

  finish(): ParsedConfig {
    for (const [key, line] of this.badDefaultLines) {
      if (this.sectionKeyLines.some((keys) => !keys.has(key))) throw badNestedLine(line, key)
    }

    const result: ParsedConfig = {profiles: newMap(), ssoSessions: newMap(), services: newMap()}
    for (const [id, raw] of this.found) {
      const target = id.kind === 'profile' ? result.profiles : id.kind === 'sso-session' ? result.ssoSessions : result.services
      target[id.name] = finishSection(raw, this.defaults)
    }

    return result
  }

  header(header: string): void {
    this.parts = undefined
    this.nested = false
    this.sectionName = header
    if (header === 'DEFAULT') {
      this.current = this.defaults
      this.keyLines = this.defaultKeyLines
      return
    }

    const first = this.sectionLines.get(header)
    if (first !== undefined) {
      throw new ConfigSyntaxError(this.lineNumber, `repeats the section [${shown(header)}] of line ${first}`, 'merge the two into one section')
    }

    this.sectionLines.set(header, this.lineNumber)
    this.keyLines = new Map()
    this.sectionKeyLines.push(this.keyLines)
    this.current = new Map()
    const id = sectionIdentity(header)
    if (id) this.found.push([id, this.current])
  }

  option(key: string, value: string): void {
    const first = this.keyLines.get(key)
    if (first !== undefined) {
      throw new ConfigSyntaxError(
        this.lineNumber,
        `sets "${shown(key)}" again in [${shown(this.sectionName)}] (first on line ${first})`,
        'keep only one of the two lines',
      )
    }

    this.keyLines.set(key, this.lineNumber)
    this.currentKey = key
    this.nested = value === ''
    this.parts = [value]
    this.current!.set(key, this.parts)
  }
}
