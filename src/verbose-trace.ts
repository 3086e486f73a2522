import type {ClientRequest, IncomingMessage} from 'node:http'

import {subscribe} from 'node:diagnostics_channel'

import {cliCacheDir, configFilePath, ssoCacheDir} from './lib/paths.js'
import {cleanServerText} from './lib/server-text.js'

/**
 * What -v, -vv and -vvv add on stderr, each line prefixed so it never reads as a result:
 *   -v    the files the command reads and writes, and on failure the chain of causes;
 *   -vv   also every HTTPS request to AWS: method, host, path, status, time;
 *   -vvv  also each response's request id (what AWS support asks for) and the stack on failure.
 * A query string is never shown: the console's federation request carries the role credentials
 * in it. Headers and bodies (tokens) are never shown either.
 */
const PREFIX = 'aws-sso-util [verbose]'

function say(line: string): void {
  process.stderr.write(`${PREFIX} ${cleanServerText(line)}\n`)
}

const started = new WeakMap<object, number>()

function traceHttp(level: number): void {
  subscribe('http.client.request.start', (message) => {
    const {request} = message as {request: ClientRequest}
    started.set(request, Date.now())
  })
  subscribe('http.client.response.finish', (message) => {
    const {request, response} = message as {request: ClientRequest; response: IncomingMessage}
    const path = request.path.split('?')[0]
    const ms = Date.now() - (started.get(request) ?? Date.now())
    const id = response.headers['x-amzn-requestid'] ?? response.headers['x-amz-request-id']
    const requestId = level >= 3 && typeof id === 'string' ? ` request-id ${id}` : ''
    // The Host header has the port when it is not the default one.
    const host = request.getHeader('host')
    say(`${request.method} ${request.protocol}//${typeof host === 'string' ? host : request.host}${path} -> ${response.statusCode} in ${ms} ms${requestId}`)
  })
}

export function startVerboseTrace(level: number, env: NodeJS.ProcessEnv = process.env): void {
  if (level < 1) return
  say(`config file ${configFilePath(env)}`)
  say(`token cache ${ssoCacheDir(env)}`)
  say(`role credential cache ${cliCacheDir(env)}`)
  if (level >= 2) traceHttp(level)
}

/** The causes under the one-line message, innermost last; at -vvv the stack too. */
export function traceFailure(level: number, error: Error): void {
  if (level < 1) return
  let {cause} = error as {cause?: unknown}
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    say(`caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`)
    cause = cause instanceof Error ? (cause as {cause?: unknown}).cause : undefined
  }

  if (level >= 3 && error.stack) process.stderr.write(`${error.stack}\n`)
}
