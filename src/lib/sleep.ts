import {InterruptedError} from './errors.js'

/** What an aborted signal carries, as an Error: its own reason, else "Interrupted". */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new InterruptedError()
}

/**
 * The one wait between retries, polls and lock attempts. An abort (Ctrl-C, a deadline) ends it at
 * once by rejecting with the signal's reason, so no caller sleeps on after it was told to stop.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal))
      return
    }

    const onAbort = () => {
      clearTimeout(timer)
      reject(abortReason(signal!))
    }

    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, {once: true})
  })
}
