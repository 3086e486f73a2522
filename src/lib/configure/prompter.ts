/**
 * The only code that touches @inquirer/prompts. It is imported on first use, so no other command
 * pays for it, and the flows take a `Prompter` so tests can answer without a terminal.
 */
import {InterruptedError} from '../errors.js'

export interface Choice<T> {
  value: T
  name: string
  description?: string
}

export interface InputOptions {
  message: string
  /** Shown in brackets and returned for an empty answer, as `aws configure` does. */
  default?: string
  /** Returns an error message, or undefined when the answer is good. */
  validate?: (value: string) => string | undefined
}

export interface SearchOptions<T> {
  message: string
  choices: ReadonlyArray<Choice<T>>
  default?: T
  pageSize?: number
}

export interface Prompter {
  input(options: InputOptions): Promise<string>
  search<T>(options: SearchOptions<T>): Promise<T>
}

/** Ctrl-C (or a closed terminal) inside a prompt. */
export class PromptCancelledError extends InterruptedError {
  constructor() {
    super('Cancelled; the config file was not changed.')
  }
}

function isPromptExit(error: unknown): boolean {
  const name = (error as Error)?.name
  return name === 'ExitPromptError' || name === 'AbortPromptError'
}

export interface PromptStreams {
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
}

/** The message as `aws configure` shows it: `Label [default]:`. */
export function bracketMessage(message: string, value: string | undefined): string {
  return `${message} [${value === undefined || value === '' ? 'None' : value}]:`
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

async function guard<R>(run: () => Promise<R>): Promise<R> {
  try {
    return await run()
  } catch (error) {
    if (isPromptExit(error)) throw new PromptCancelledError()
    throw error
  }
}

export function inquirerPrompter(streams: PromptStreams = {}): Prompter {
  const context = streams.input || streams.output ? {input: streams.input, output: streams.output, clearPromptOnDone: false} : undefined
  return {
    input: (options) =>
      guard(async () => {
        const {input} = await import('@inquirer/prompts')
        const fallback = options.default ?? ''
        const answer = await input(
          {
            message: bracketMessage(options.message, options.default),
            // The default lives in the message, as in `aws configure`; an empty answer takes it.
            transformer: (value, {isFinal}) => (isFinal && value === '' ? fallback : value),
            validate: (value) => options.validate?.(value.trim() === '' ? fallback : value.trim()) ?? true,
          },
          context,
        )
        return answer.trim() === '' ? fallback : answer.trim()
      }),
    search: <T>(options: SearchOptions<T>) =>
      guard(async () => {
        const {search} = await import('@inquirer/prompts')
        const {choices} = options
        const preferred = options.default === undefined ? undefined : choices.find((c) => c.value === options.default)
        return search<T>(
          {
            message: options.message,
            pageSize: options.pageSize ?? 10,
            // The current value first, so Enter keeps it, as the default in brackets does elsewhere.
            source(term) {
              const found = filterChoices(choices, term)
              if (!preferred || term) return found
              return [preferred, ...found.filter((c) => c !== preferred)]
            },
          },
          context,
        )
      }),
  }
}
