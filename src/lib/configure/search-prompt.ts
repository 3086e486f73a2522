/**
 * The account and role pickers of `configure profile`: a search prompt that filters synchronously.
 *
 * The search prompt of @inquirer/prompts runs its `source` asynchronously and ignores Enter until the list for the
 * latest term has arrived, so a term and Enter that come in one read (a paste, a fast typist)
 * select nothing. Our choices are all in memory, so here the list is a pure function of the
 * line: Enter always acts on the list filtered by everything typed before it.
 *
 * Loaded only by prompter.ts, on first use, like the rest of the prompt library.
 */
import {createPrompt, isDownKey, isEnterKey, isUpKey, makeTheme, type Status, useKeypress, usePagination, usePrefix, useRef, useState} from '@inquirer/core'
import {styleText} from 'node:util'

import {type Choice, filterChoices} from './choices.js'

export interface SearchPromptConfig<T> {
  message: string
  choices: ReadonlyArray<Choice<T>>
  /** Listed first while nothing is typed, so Enter keeps the current value. */
  default?: T
  pageSize: number
}

/** The choices for a term: the default first while the line is empty. */
export function visibleChoices<T>(choices: ReadonlyArray<Choice<T>>, term: string, preferred?: T): Array<Choice<T>> {
  const found = filterChoices(choices, term)
  if (preferred === undefined || term.trim() !== '') return found
  const first = found.find((c) => c.value === preferred)
  return first ? [first, ...found.filter((c) => c !== first)] : found
}

const CURSOR = '❯'

export const searchPrompt = createPrompt(<T>(config: SearchPromptConfig<T>, done: (value: T) => void) => {
  const theme = makeTheme({})
  const [status, setStatus] = useState<Status>('idle')
  const [term, setTerm] = useState('')
  const [active, setActive] = useState(0)
  // The line as of the last key, read by Enter: readline has already cleared rl.line when the
  // Enter keypress reaches us, and a ref does not wait for a render.
  const line = useRef('')
  const prefix = usePrefix({status, theme})
  const items = visibleChoices(config.choices, term, config.default)
  const selected = items[Math.min(active, items.length - 1)]

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      const list = visibleChoices(config.choices, line.current, config.default)
      const pick = list[Math.min(active, list.length - 1)]
      if (pick) {
        setStatus('done')
        done(pick.value)
      } else {
        // Nothing matches: put the term back (readline emptied the line) so it can be corrected.
        rl.write(line.current)
      }

      return
    }

    const move = isUpKey(key) ? -1 : isDownKey(key) ? 1 : key.name === 'pageup' ? -config.pageSize : key.name === 'pagedown' ? config.pageSize : 0
    if (move !== 0) {
      // The arrow must not reach the term; readline may have treated it as cursor movement only.
      rl.clearLine(0)
      rl.write(line.current)
      setActive(Math.max(0, Math.min(items.length - 1, active + move)))
      return
    }

    if (rl.line !== line.current) {
      line.current = rl.line
      setTerm(rl.line)
      setActive(0)
    }
  })

  const page = usePagination({
    items,
    active: Math.max(0, Math.min(active, items.length - 1)),
    renderItem: ({item, isActive}) => (isActive ? theme.style.highlight(`${CURSOR} ${item.name}`) : `  ${item.name}`),
    pageSize: config.pageSize,
    loop: false,
  })

  const message = theme.style.message(config.message, status)
  if (status === 'done' && selected) return [prefix, message, theme.style.answer(selected.name)].join(' ')
  const header = [prefix, message, styleText('cyan', term)].filter(Boolean).join(' ').trimEnd()
  const body = [
    items.length === 0 ? theme.style.error('No match; change the search.') : page,
    selected?.description ? styleText('cyan', selected.description) : '',
    theme.style.help('↑↓ navigate • ⏎ select'),
  ]
    .filter(Boolean)
    .join('\n')
  return [header, body]
})
