/**
 * SIGINT and SIGTERM for every command. The first signal aborts the command's work through an
 * AbortSignal, so it unwinds the normal way: locks released, temporary files removed, one line on
 * stderr, exit 130 (SIGINT) or 143 (SIGTERM). Work that does not end within GRACE_MS (a request
 * that ignores the signal), or a second signal, ends the process at once; the exit hooks of the
 * lock and the atomic writer still remove what they hold.
 */

import {ExitCode, InterruptedError} from './lib/errors.js'

const GRACE_MS = 2000

export interface Interrupts {
  readonly signal: AbortSignal
  dispose(): void
}

export function listenForInterrupts(message = 'Interrupted.'): Interrupts {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const onSignal = (name: NodeJS.Signals) => {
    const code = name === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted
    const now = () => {
      // The command's own error handler sets the exit code once it has printed the line.
      if (process.exitCode !== code) process.stderr.write(`${message}\n`)
      process.exit(code)
    }

    if (controller.signal.aborted) {
      now()
      return
    }

    controller.abort(new InterruptedError(message, code))
    timer = setTimeout(now, GRACE_MS)
    timer.unref()
  }

  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    },
  }
}

/**
 * A reader that closed our stdout (`credential-process | head -c0`, `| true`) is not an error to
 * report: there is nobody left to read it. Exit quietly instead of printing an EPIPE stack.
 */
let stdoutGuarded = false

export function exitQuietlyOnClosedStdout(): void {
  if (stdoutGuarded) return
  stdoutGuarded = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0)
    throw error
  })
}
