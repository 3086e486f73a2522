import {execFile} from 'node:child_process'

import type {Env} from '../env.js'

import {mapBounded} from '../bounded.js'
import {shlexSplit} from '../config/parse.js'
import {ConfigError} from '../errors.js'
import {findExecutable} from '../everyday/check.js'
import {shortRegion} from './naming.js'

/** What the process prints to leave a profile out. */
export const SKIP = 'SKIP'
/** One run may take this long; a hung helper must not hang populate. */
const TIMEOUT_MS = 30_000
const CONCURRENCY = 8

export interface NameRequest {
  accountName: string
  accountId: string
  roleName: string
  region: string
  regionIndex: number
  regionCount: number
}

/**
 * `--profile-name-process CMD`: split as the original splits it (shlex, no shell), checked before
 * any login so a typo writes nothing.
 */
export function parseNameProcess(command: string, env: Env): string[] {
  const argv = shlexSplit(command)
  if (!argv || argv.length === 0)
    throw new ConfigError(`--profile-name-process ${JSON.stringify(command)} cannot be split into a command (empty, or an unclosed quote).`)
  if (!findExecutable(argv[0], env)) throw new ConfigError(`--profile-name-process: "${argv[0]}" is not an executable on PATH.`)
  return argv
}

/** The original's seven arguments, in its order. */
export function nameProcessArgs(r: NameRequest): string[] {
  return [r.accountName, r.accountId, r.roleName, r.region, shortRegion(r.region), String(r.regionIndex), String(r.regionCount)]
}

function runOnce(argv: string[], request: NameRequest, env: Env): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile(
      argv[0],
      [...argv.slice(1), ...nameProcessArgs(request)],
      {env, timeout: TIMEOUT_MS, encoding: 'utf8', maxBuffer: 64 * 1024},
      (error, stdout, stderr) => {
        const what = `--profile-name-process for ${request.accountId}/${request.roleName} in ${request.region}`
        if (error) {
          const detail = stderr.trim().split('\n')[0] || error.message.split('\n')[0]
          reject(new ConfigError(`${what} failed (${error.code ?? error.signal ?? 'error'}): ${detail}; nothing was written.`))
          return
        }

        const name = stdout.trim()
        // eslint-disable-next-line unicorn/no-useless-undefined
        if (name === SKIP) resolve(undefined)
        else if (name === '') reject(new ConfigError(`${what} printed no name (print ${SKIP} to leave a profile out); nothing was written.`))
        else resolve(name)
      },
    )
  })
}

/** Names from the process, `undefined` for SKIP, in the order of `requests`; a few runs at a time. */
export function namesFromProcess(argv: string[], requests: readonly NameRequest[], env: Env): Promise<Array<string | undefined>> {
  return mapBounded(requests, CONCURRENCY, (request) => runOnce(argv, request, env))
}
