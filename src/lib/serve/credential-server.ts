import type {AddressInfo} from 'node:net'

import {createHash, randomBytes, timingSafeEqual} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
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

/** What a request is answered from: the token's digest, the served profiles and the access log. */
interface Answering {
  expected: Buffer
  sources: Map<string, CredentialSource>
  log: (line: string) => void
  now: () => Date
}

/** The profile a request path names, decoded; `-` when it names none or cannot be decoded. */
function requestedProfile(path: string): string {
  if (!path.startsWith(CREDENTIALS_PATH_PREFIX)) return '-'
  try {
    return decodeURIComponent(path.slice(CREDENTIALS_PATH_PREFIX.length))
  } catch {
    return '-'
  }
}

/** Why a request is turned away before any profile is looked at: its method or its Authorization header. */
function refusal(req: IncomingMessage, expected: Buffer): undefined | {body: unknown; status: number} {
  if (req.method !== 'GET') return {status: 405, body: {Code: 'MethodNotAllowed', Message: 'Only GET is served.'}}
  const given = req.headers.authorization
  if (given === undefined || given === '') {
    return {
      status: 401,
      body: {Code: 'Unauthorized', Message: 'Send the AWS_CONTAINER_AUTHORIZATION_TOKEN value in the Authorization header.'},
    }
  }

  if (!sameToken(given, expected)) return {status: 403, body: {Code: 'Forbidden', Message: 'The Authorization header does not match.'}}
  return undefined
}

async function answerRequest(req: IncomingMessage, res: ServerResponse, on: Answering): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]
  const profile = requestedProfile(path)
  const printable = JSON.stringify(profile).slice(1, -1)
  const answer = (status: number, body: unknown) => {
    sendJson(res, status, body)
    on.log(`${on.now().toISOString()} ${printable} ${status}`)
  }

  const refused = refusal(req, on.expected)
  if (refused) return answer(refused.status, refused.body)
  const source = on.sources.get(profile)
  if (!source) return answer(404, {Code: 'NotFound', Message: `No profile is served at ${path}.`})
  try {
    answer(200, containerCredentialsBody(await source.get()))
  } catch (error) {
    const message = oneLine(error)
    on.log(`${on.now().toISOString()} ${printable}: ${message}`)
    answer(503, {Code: 'CredentialsUnavailable', Message: message})
  }
}

/** Counts the responses not yet closed, so that closing can wait for them (bounded). */
function requestsInFlight() {
  let count = 0
  let drained: (() => void) | undefined
  return {
    track(res: ServerResponse): void {
      count++
      res.on('close', () => {
        count--
        if (count === 0) drained?.()
      })
    },
    async settled(graceMs: number): Promise<void> {
      if (count === 0) return
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs)
        drained = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    },
  }
}

type RequestsInFlight = ReturnType<typeof requestsInFlight>

function credentialHttpServer(on: Answering, inFlight: RequestsInFlight): Server {
  const server = createServer((req, res) => {
    inFlight.track(res)
    req.resume()
    answerRequest(req, res, on).catch((error: unknown) => {
      on.log(`${on.now().toISOString()} internal error: ${oneLine(error)}`)
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
  return server
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** Stops accepting, lets requests in flight finish (bounded), then closes every connection. */
async function closeServer(server: Server, inFlight: RequestsInFlight, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve())
  })
  server.closeIdleConnections()
  await inFlight.settled(graceMs)
  server.closeAllConnections()
  await closed
}

/**
 * The container credentials protocol (what ECS, and `AWS_CONTAINER_CREDENTIALS_FULL_URI` with
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`, give every SDK) served from our caches.
 */
export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const answering: Answering = {
    expected: digest(token),
    sources: new Map(options.sources.map((s) => [s.profile, s])),
    log: options.log,
    now: options.now ?? (() => new Date()),
  }
  const inFlight = requestsInFlight()
  const server = credentialHttpServer(answering, inFlight)
  await listen(server, options.port, options.host)
  const {port} = server.address() as AddressInfo
  const baseUrl = `http://${hostForUrl(connectHost(options.host))}:${port}`

  return {
    baseUrl,
    token,
    urlFor: (profile) => `${baseUrl}${CREDENTIALS_PATH_PREFIX}${encodeURIComponent(profile)}`,
    close: async (graceMs = 10_000) => closeServer(server, inFlight, graceMs),
  }
}
