import type {AddressInfo} from 'node:net'

import {createHash, randomBytes, timingSafeEqual} from 'node:crypto'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {isIP} from 'node:net'

import {type AwsSsoCredentials, processExpiration} from '../api/credentials.js'
import {oneLine} from '../errors.js'

/** Where each profile is served; the profile name is one URL path segment. */
export const CREDENTIALS_PATH_PREFIX = '/role-credentials/'

export interface CredentialSource {
  readonly profile: string
  get(): Promise<AwsSsoCredentials>
}

export interface CredentialServerOptions {
  sources: CredentialSource[]
  host: string
  port: number
  /** One line per request and per failure; never a secret. */
  log: (line: string) => void
  /** For tests; a fresh random token otherwise. */
  token?: string
  now?: () => Date
}

export interface CredentialServer {
  /** `http://HOST:PORT` as a client here connects: IPv6 hosts in brackets, a wildcard host as loopback. */
  baseUrl: string
  token: string
  urlFor(profile: string): string
  /** Stops accepting, lets requests in flight finish (bounded), then closes every connection. */
  close(graceMs?: number): Promise<void>
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest()

/** Equal-length digests make the comparison constant-time whatever the caller sent. */
function sameToken(given: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(given), expected)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

/** The JSON every SDK's container credential provider reads (`Token`, not `SessionToken`). */
export function containerCredentialsBody(creds: AwsSsoCredentials): Record<string, string> {
  return {
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    Token: creds.sessionToken,
    Expiration: processExpiration(creds),
    AccountId: creds.accountId,
  }
}

/**
 * The host a client on this machine should use. A wildcard address is where the server listens,
 * not an address to connect to, and SDKs take a plain-http full URI only from a loopback host
 * (botocore refuses `http://0.0.0.0:…`): the loopback address of the same family reaches it.
 */
export function connectHost(listenHost: string): string {
  if (listenHost === '0.0.0.0') return '127.0.0.1'
  if (isIP(listenHost) === 6 && new URL(`http://[${listenHost}]`).hostname === '[::]') return '::1'
  return listenHost
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

/**
 * The container credentials protocol (what ECS, and `AWS_CONTAINER_CREDENTIALS_FULL_URI` with
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`, give every SDK) served from our caches.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const expected = digest(token)
  const sources = new Map(options.sources.map((s) => [s.profile, s]))
  const now = options.now ?? (() => new Date())
  let inFlight = 0
  let drained: (() => void) | undefined

  const access = (profile: string, status: number) => options.log(`${now().toISOString()} ${profile} ${status}`)

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0]
    let profile = '-'
    if (path.startsWith(CREDENTIALS_PATH_PREFIX)) {
      try {
        profile = decodeURIComponent(path.slice(CREDENTIALS_PATH_PREFIX.length))
      } catch {}
    }

    const printable = JSON.stringify(profile).slice(1, -1)
    const answer = (status: number, body: unknown) => {
      sendJson(res, status, body)
      access(printable, status)
    }

    if (req.method !== 'GET') return answer(405, {Code: 'MethodNotAllowed', Message: 'Only GET is served.'})
    const given = req.headers.authorization
    if (given === undefined || given === '') {
      return answer(401, {Code: 'Unauthorized', Message: 'Send the AWS_CONTAINER_AUTHORIZATION_TOKEN value in the Authorization header.'})
    }

    if (!sameToken(given, expected)) return answer(403, {Code: 'Forbidden', Message: 'The Authorization header does not match.'})
    const source = sources.get(profile)
    if (!source) return answer(404, {Code: 'NotFound', Message: `No profile is served at ${path}.`})
    try {
      answer(200, containerCredentialsBody(await source.get()))
    } catch (error) {
      const message = oneLine(error)
      options.log(`${now().toISOString()} ${printable}: ${message}`)
      answer(503, {Code: 'CredentialsUnavailable', Message: message})
    }
  }

  const server = createServer((req, res) => {
    inFlight++
    res.on('close', () => {
      inFlight--
      if (inFlight === 0) drained?.()
    })
    req.resume()
    handle(req, res).catch((error: unknown) => {
      options.log(`${now().toISOString()} internal error: ${oneLine(error)}`)
      if (res.headersSent) {
        res.destroy()
      } else {
        sendJson(res, 500, {Code: 'InternalError', Message: 'Internal error.'})
      }
    })
  })
  // A client that opens a connection and never finishes its request must not hold a socket for ever.
  server.headersTimeout = 10_000
  server.requestTimeout = 60_000
  server.keepAliveTimeout = 5000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const {port} = server.address() as AddressInfo
  const baseUrl = `http://${hostForUrl(connectHost(options.host))}:${port}`

  return {
    baseUrl,
    token,
    urlFor: (profile) => `${baseUrl}${CREDENTIALS_PATH_PREFIX}${encodeURIComponent(profile)}`,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => {
        server.close(() => resolve())
      })
      server.closeIdleConnections()
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs)
          drained = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }

      server.closeAllConnections()
      await closed
    },
  }
}
