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
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isUpKey,
  makeTheme,
  type Status,
  type Theme,
  useKeypress,
  usePagination,
  usePrefix,
  useRef,
  useState,
} from '@inquirer/core'
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

type KeyHandler = Parameters<typeof useKeypress>[0]

interface SearchKeysState<T> {
  config: SearchPromptConfig<T>
  /** The line as of the last key (see searchPrompt). */
  line: {current: string}
  active: number
  shown: number
  setActive: (active: number) => void
  setTerm: (term: string) => void
  pick: (value: T) => void
}

/** Enter picks from the list for the line typed before it; arrows and page keys move the cursor; any other key edits the term. */
function searchKeys<T>({config, line, active, shown, setActive, setTerm, pick}: SearchKeysState<T>): KeyHandler {
  return (key, rl) => {
    if (isEnterKey(key)) {
      const list = visibleChoices(config.choices, line.current, config.default)
      const choice = list[Math.min(active, list.length - 1)]
      if (choice) pick(choice.value)
      // Nothing matches: put the term back (readline emptied the line) so it can be corrected.
      else rl.write(line.current)
      return
    }

    const move = isUpKey(key) ? -1 : isDownKey(key) ? 1 : key.name === 'pageup' ? -config.pageSize : key.name === 'pagedown' ? config.pageSize : 0
    if (move !== 0) {
      // The arrow must not reach the term; readline may have treated it as cursor movement only.
      rl.clearLine(0)
      rl.write(line.current)
      setActive(Math.max(0, Math.min(shown - 1, active + move)))
      return
    }

    if (rl.line !== line.current) {
      line.current = rl.line
      setTerm(rl.line)
      setActive(0)
    }
  }
}

/** The answer once chosen; before that the term, the page of choices, the selected one's description and the keys. */
function renderSearch<T>(
  theme: Theme,
  view: {prefix: string; message: string; status: Status; term: string; items: Array<Choice<T>>; selected?: Choice<T>; page: string},
): string | [string, string] {
  const {prefix, message, items, selected} = view
  if (view.status === 'done' && selected) return [prefix, message, theme.style.answer(selected.name)].join(' ')
  const header = [prefix, message, styleText('cyan', view.term)].filter(Boolean).join(' ').trimEnd()
  const body = [
    items.length === 0 ? theme.style.error('No match; change the search.') : view.page,
    selected?.description ? styleText('cyan', selected.description) : '',
    theme.style.help('↑↓ navigate • ⏎ select'),
  ]
    .filter(Boolean)
    .join('\n')
  return [header, body]
}

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
  const pick = (value: T) => {
    setStatus('done')
    done(value)
  }

  useKeypress(searchKeys({config, line, active, shown: items.length, setActive, setTerm, pick}))
  const page = usePagination({
    items,
    active: Math.max(0, Math.min(active, items.length - 1)),
    renderItem: ({item, isActive}) => (isActive ? theme.style.highlight(`${CURSOR} ${item.name}`) : `  ${item.name}`),
    pageSize: config.pageSize,
    loop: false,
  })
  return renderSearch(theme, {prefix, message: theme.style.message(config.message, status), status, term, items, selected, page})
})
