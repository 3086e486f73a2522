/**
 * Python's str case methods, which the original tool's --account-name-case and --role-name-case
 * apply, so that a name it produced is the name produced here. JavaScript has upper and lower
 * case with the same full mappings (ß → SS, final sigma); title case and case folding are built
 * on them here with Python's rules.
 */

/** Python's `cased` characters: those with an upper, lower or title case form (Unicode property Cased). */
const CASED = /\p{Cased}/u

/** Title-case forms that are not the upper-case form (Unicode's titlecase mappings of common letters). */
const TITLE: Record<string, string> = {
  ß: 'Ss',
  Ǆ: 'ǅ',
  ǅ: 'ǅ',
  ǆ: 'ǅ',
  Ǉ: 'ǈ',
  ǈ: 'ǈ',
  ǉ: 'ǈ',
  Ǌ: 'ǋ',
  ǋ: 'ǋ',
  ǌ: 'ǋ',
  Ǳ: 'ǲ',
  ǲ: 'ǲ',
  ǳ: 'ǲ',
  ﬀ: 'Ff',
  ﬁ: 'Fi',
  ﬂ: 'Fl',
  ﬃ: 'Ffi',
  ﬄ: 'Ffl',
  ﬅ: 'St',
  ﬆ: 'St',
}

function titleChar(c: string): string {
  return TITLE[c] ?? c.toUpperCase()
}

const CASE_IGNORABLE = /\p{Case_Ignorable}/u

/** Whether a cased letter comes next in `chars` from `from` on (in `step` direction), past case-ignorable ones. */
function casedNext(chars: string[], from: number, step: -1 | 1): boolean {
  for (let i = from; i >= 0 && i < chars.length; i += step) {
    if (CASED.test(chars[i])) return true
    if (!CASE_IGNORABLE.test(chars[i])) return false
  }

  return false
}

/** One character in lower case, with Σ as ς at the end of a word (the one mapping that depends on its neighbours). */
function lowerAt(chars: string[], i: number): string {
  if (chars[i] !== 'Σ') return chars[i].toLowerCase()
  return casedNext(chars, i - 1, -1) && !casedNext(chars, i + 1, 1) ? 'ς' : 'σ'
}

/** `str.upper()` */
export function pyUpper(s: string): string {
  return s.toUpperCase()
}

/** `str.lower()` */
export function pyLower(s: string): string {
  return s.toLowerCase()
}

/**
 * `str.casefold()`: lower case, with the full folds lower case lacks (ß → ss, ſ → s, ς → σ,
 * ligatures). Upper-casing first yields those; dotless ı is the one letter that fold keeps.
 */
export function pyCasefold(s: string): string {
  let out = ''
  for (const c of s) out += c === 'ı' ? c : c.toUpperCase().toLowerCase()
  return out
}

/** `str.capitalize()` (Python 3.8+): the first character in title case, the rest in lower case. */
export function pyCapitalize(s: string): string {
  const chars = [...s]
  return chars.map((c, i) => (i === 0 ? titleChar(c) : lowerAt(chars, i))).join('')
}

/** `str.title()`: a cased character after an uncased one starts a word (so "o'brien" → "O'Brien", "1st" → "1St"). */
export function pyTitle(s: string): string {
  const chars = [...s]
  let out = ''
  let previousCased = false
  for (const [i, c] of chars.entries()) {
    out += previousCased ? lowerAt(chars, i) : titleChar(c)
    previousCased = CASED.test(c)
  }

  return out
}
