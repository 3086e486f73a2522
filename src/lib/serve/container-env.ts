import {isIP} from 'node:net'

import {ConfigError} from '../errors.js'
import {shellQuote} from '../shell-quote.js'

/** SDKs accept a plain-http full URI only on a loopback host, so only these keep the URL usable as printed. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true
  return isIP(host) === 4 && host.startsWith('127.')
}

/**
 * A host name: labels of letters, digits and hyphens joined by single dots, with an optional
 * final dot. Every label must start after a dot, so the pattern cannot split a run of letters in
 * more than one way: matching is linear, whatever the input (a nested `(…\.?)*` backtracks
 * exponentially on a long label followed by a bad character).
 */
const HOST_NAME = /^[A-Za-z\d][A-Za-z\d-]{0,62}(?:\.[A-Za-z\d][A-Za-z\d-]{0,62})*\.?$/
const MAX_HOST_NAME_LENGTH = 253

export function validateListenHost(host: string): void {
  if (isIP(host) === 0 && (host.length > MAX_HOST_NAME_LENGTH || !HOST_NAME.test(host))) {
    throw new ConfigError(
      `--host ${JSON.stringify(host)} is not an IP address or host name. Use 127.0.0.1 (the default) unless a container must reach it over the network.`,
    )
  }
}

/**
 * The two variables, the first profile's URL live and the others as comments to swap in, since
 * one environment can hold only one full URI. `dotenv` is what `docker run --env-file` and
 * devcontainers read (no `export`, no quoting); `shell` is what a POSIX shell takes pasted or
 * through eval (`export NAME=value`, quoted where a value needs it).
 */
export function containerEnvLines(server: {token: string; urlFor(profile: string): string}, profiles: string[], format: 'dotenv' | 'shell' = 'dotenv'): string {
  const assign = (name: string, value: string) => (format === 'shell' ? `export ${name}=${shellQuote(value)}` : `${name}=${value}`)
  const lines: string[] = []
  for (const [i, profile] of profiles.entries()) {
    lines.push(`${i === 0 ? '' : '# '}${assign('AWS_CONTAINER_CREDENTIALS_FULL_URI', server.urlFor(profile))}`)
  }

  lines.push(assign('AWS_CONTAINER_AUTHORIZATION_TOKEN', server.token))
  return `${lines.join('\n')}\n`
}
