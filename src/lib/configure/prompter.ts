/**
 * The only code that touches @inquirer/prompts (and, through search-prompt.ts, @inquirer/core).
 * Both are imported on first use, so no other command pays for them, and the flows take a
 * `Prompter` so tests can answer without a terminal.
 */
import type {Choice} from './choices.js'
import type {SearchPromptConfig} from './search-prompt.js'

import {InterruptedError} from '../errors.js'

export {type Choice, filterChoices} from './choices.js'

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
        const {searchPrompt} = await import('./search-prompt.js')
        // createPrompt erases the view's type parameter; the view itself is generic in T.
        const prompt = searchPrompt as (config: SearchPromptConfig<T>, context?: object) => Promise<T>
        return prompt({message: options.message, choices: options.choices, default: options.default, pageSize: options.pageSize ?? 10}, context)
      }),
  }
}
