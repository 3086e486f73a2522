/**
 * The credential-process debug log. Runs append, each line tagged with its pid, so concurrent runs
 * (an SDK starting many at once) do not wipe each other's lines; the file is cut back once it grows
 * past MAX_BYTES. Every value passes through redaction first: the original wrote tokens in clear.
 */
import {appendFileSync, chmodSync, closeSync, openSync, statSync, truncateSync} from 'node:fs'
import {dirname} from 'node:path'

import {makePrivateDirsSync} from './private-dirs.js'
import {redactObject} from './redact.js'

const MAX_BYTES = 1024 * 1024

export interface DebugLog {
  readonly enabled: boolean
  log(message: string, data?: unknown): void
}

export const disabledLog: DebugLog = {enabled: false, log() {}}

export function openDebugLog(path: string): DebugLog {
  const dir = dirname(path)
  try {
    makePrivateDirsSync(dir)
    closeSync(openSync(path, 'a', 0o600))
    chmodSync(path, 0o600)
    if (statSync(path).size > MAX_BYTES) truncateSync(path, 0)
  } catch {
    // A log we cannot write must never cost the user their credentials.
    return disabledLog
  }

  return {
    enabled: true,
    log(message: string, data?: unknown) {
      const line = data === undefined ? message : `${message} ${JSON.stringify(redactObject(data))}`
      try {
        appendFileSync(path, `${new Date().toISOString()} [${process.pid}] ${line}\n`, {mode: 0o600})
      } catch {}
    },
  }
}
