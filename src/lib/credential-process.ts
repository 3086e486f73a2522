/**
 * credential-process from parsed inputs to exit code. Both the slim entry and the oclif command
 * call this; the credentials come from the library's getCredentials, the same function Node
 * programs call, and only its cache-miss branch loads the lock, the SDK and the login code.
 */
import {writeSync} from 'node:fs'

import {type AwsSsoCredentials, getCredentialsWith, processExpiration} from './api/credentials.js'
import {type DebugLog, disabledLog, openDebugLog} from './debug-log.js'
import {envFlag} from './env.js'
import {exitCodeOf, oneLine} from './errors.js'
import {debugLogPath} from './paths.js'
import {type CredentialInputs} from './settings.js'

export interface CredentialProcessInputs extends CredentialInputs {
  forceRefresh?: boolean
  noLogin?: boolean
  debug?: boolean
}

export interface ProcessIo {
  env: Record<string, string | undefined>
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Whether a person can see what we write: a terminal on stderr or a controlling terminal. */
  interactive: boolean
  /** Ctrl-C or SIGTERM: the run stops, releasing its locks. */
  signal?: AbortSignal
}

/**
 * The JSON line straight to fd 1. Creating process.stdout would load the stream machinery, a few
 * milliseconds of every SDK client start; the line is far below PIPE_BUF, so one write() puts it
 * in the pipe whole. A reader that has gone away (EPIPE) gets nothing, as before, and a
 * non-blocking descriptor that is full (EAGAIN) gets the stream after all.
 */
export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8')
  let written = 0
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written)
    return
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'EPIPE') return
    if (code !== 'EAGAIN') throw error
  }

  process.stdout.write(bytes.subarray(written))
}

/**
 * The process's own streams as both entries (the slim one and the oclif command) give them:
 * stdout for the JSON line only; messages to stderr and, while an SDK captures stderr, also to the
 * controlling terminal, opened only if something is written.
 */
export async function processIo(signal?: AbortSignal): Promise<ProcessIo> {
  const {stderrSink} = await import('./terminal.js')
  const sink = stderrSink()
  return {
    env: process.env,
    stdout: writeStdout,
    stderr: (err) => sink.write(err),
    get interactive() {
      return sink.interactive
    },
    signal,
  }
}

/** The stdout contract: one compact JSON line in this key order, nothing else. */
export function formatProcessOutput(creds: AwsSsoCredentials): string {
  return (
    JSON.stringify({
      Version: 1,
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
      Expiration: processExpiration(creds),
      AccountId: creds.accountId,
    }) + '\n'
  )
}

export async function runCredentialProcess(inputs: CredentialProcessInputs, io: ProcessIo): Promise<number> {
  const debug = inputs.debug || envFlag(io.env.AWS_SSO_CREDENTIAL_PROCESS_DEBUG)
  const log: DebugLog = debug ? openDebugLog(debugLogPath(io.env)) : disabledLog
  log.log('credential-process starting', {
    profile: inputs.profile,
    startUrl: inputs.startUrl,
    region: inputs.region,
    accountId: inputs.accountId,
    roleName: inputs.roleName,
    forceRefresh: inputs.forceRefresh,
  })
  try {
    const creds = await getCredentialsWith(
      {
        ui: {
          // Read only when a login needs it: asking opens the terminal.
          get isTTY() {
            return io.interactive
          },
          write: (line: string) => io.stderr(`${line}\n`),
        },
        log,
      },
      {...inputs, env: io.env},
    )
    io.stdout(formatProcessOutput(creds))
    return 0
  } catch (error) {
    log.log('failed', {error: String(error), stack: (error as Error)?.stack})
    io.stderr(`${oneLine(error)}\n`)
    if (inputs.debug && (error as Error)?.stack) io.stderr(`${(error as Error).stack}\n`)
    return exitCodeOf(error)
  }
}
