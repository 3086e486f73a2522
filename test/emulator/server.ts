import type {AddressInfo} from 'node:net'

import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'

import type {Fixture} from './fixture.js'
import type {Context, Fault, Lifetimes} from './state.js'

import {defaultFixture, FixtureError, loadFixture, validateFixture} from './fixture.js'
import {
  adminError,
  ApiError,
  oidcStatus,
  optionalNumber,
  parseJsonObject,
  PORTAL_STATUS,
  readBody,
  send,
  sendError,
  sendHtml,
  sendJson,
  type Service,
} from './http.js'
import {
  authorize,
  authorizeDecision,
  authorizeResume,
  createToken,
  decide,
  devicePage,
  deviceDecision,
  grantLabel,
  registerClient,
  startDeviceAuthorization,
} from './oidc.js'
import {errorPage, indexPage} from './pages.js'
import {getRoleCredentials, listAccountRoles, listAccounts, logout} from './portal.js'
import {federation, type SigninToken} from './signin.js'
import {DEFAULT_LIFETIMES, LIFETIME_KEYS, State} from './state.js'
import {parseForm, STS_ACTIONS, STS_FAULT_CODES, stsAction} from './sts.js'

export type {Fixture, FixtureAccount} from './fixture.js'
export {DEFAULT_FIXTURE_PATH, defaultFixture, loadFixture, makeFixture} from './fixture.js'
export type {Lifetimes} from './state.js'
export {DEFAULT_LIFETIMES} from './state.js'

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  autoApprove?: boolean
  /** A fixture object or the path of a fixture JSON file; defaults to fixtures/default.json. */
  fixture?: Fixture | string
  lifetimes?: Partial<Lifetimes>
  /** Called once per request with a one-line summary; for the CLI's --verbose. */
  log?: (line: string) => void
}

export interface FaultSpec {
  operation: string
  /** 0 or omitted: only delay the call by delayMs. */
  status?: number
  /** How many upcoming calls are affected; default 1. */
  count?: number
  delayMs?: number
  /** Overrides the error shape otherwise chosen from the status, e.g. SlowDownException. */
  errorType?: string
}

export interface PendingRequests {
  deviceCodes: Array<{userCode: string; clientName: string; status: string; startUrl: string; expiresAt: string}>
  authorizations: Array<{id: string; userCode: string; clientName: string; status: string; redirectUri: string; expiresAt: string}>
}

export interface ResetOptions {
  /** Also go back to the lifetimes, fixture or auto-approve setting given at start. */
  lifetimes?: boolean
  fixture?: boolean
  autoApprove?: boolean
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string
  port: number
  stats(): Record<string, number>
  reset(opts?: ResetOptions): void
  approve(userCode: string): void
  deny(userCode: string): void
  pending(): PendingRequests
  setFault(f: FaultSpec): void
  revokeAll(): void
  setLifetimes(l: Partial<Lifetimes>): void
  setAutoApprove(v: boolean): void
  setFixture(f: Fixture): void
  close(): Promise<void>
}

export const OIDC_OPERATIONS = ['RegisterClient', 'StartDeviceAuthorization', 'CreateToken'] as const
export const PORTAL_OPERATIONS = ['GetRoleCredentials', 'ListAccounts', 'ListAccountRoles', 'Logout'] as const
export const OPERATIONS = [...OIDC_OPERATIONS, 'Authorize', ...PORTAL_OPERATIONS, ...STS_ACTIONS] as const

type FaultService = 'html' | Service

function serviceOf(operation: string): FaultService {
  const base = operation.split(':')[0]
  if ((OIDC_OPERATIONS as readonly string[]).includes(base)) return 'oidc'
  if ((PORTAL_OPERATIONS as readonly string[]).includes(base)) return 'portal'
  if ((STS_ACTIONS as readonly string[]).includes(base)) return 'sts'
  return 'html'
}

const FAULT_MESSAGES: Record<string, string> = {
  InternalServerException: 'An internal error occurred',
  InvalidClientException: 'Invalid client provided',
  SlowDownException: 'Client is polling too frequently',
  Throttling: 'Rate exceeded',
  TooManyRequestsException: 'Rate exceeded',
  UnauthorizedException: 'Session token not found or invalid',
}

function defaultShape(service: FaultService, status: number): string {
  switch (service) {
    case 'oidc': {
      const byStatus: Record<number, string> = {401: 'InvalidClientException', 403: 'AccessDeniedException', 429: 'SlowDownException'}
      return byStatus[status] ?? (status >= 500 ? 'InternalServerException' : 'InvalidRequestException')
    }

    case 'portal': {
      const found = Object.entries(PORTAL_STATUS).find(([, s]) => s === status)
      return found?.[0] ?? (status >= 500 ? 'InternalServerException' : 'InvalidRequestException')
    }

    case 'sts': {
      return STS_FAULT_CODES[status] ?? (status >= 500 ? 'InternalFailure' : 'InvalidParameterValue')
    }

    default: {
      return status >= 500 ? 'InternalServerException' : 'InvalidRequestException'
    }
  }
}

function validateFault(spec: FaultSpec): Fault {
  const known = (OPERATIONS as readonly string[]).includes(spec.operation) || /^CreateToken:\w+$/.test(spec.operation)
  if (typeof spec.operation !== 'string' || !known) {
    throw adminError(400, `Unknown operation ${String(spec.operation)}; expected one of ${OPERATIONS.join(', ')}`)
  }

  const count = optionalNumber(spec.count, 'count') ?? 1
  const delayMs = optionalNumber(spec.delayMs, 'delayMs') ?? 0
  let status = optionalNumber(spec.status, 'status') ?? 0
  if (spec.errorType !== undefined && (typeof spec.errorType !== 'string' || !/^\w+$/.test(spec.errorType))) {
    throw adminError(400, 'errorType must be an error shape name')
  }

  if (status === 0 && spec.errorType !== undefined) {
    status = serviceOf(spec.operation) === 'oidc' ? oidcStatus(spec.errorType) : (PORTAL_STATUS[spec.errorType] ?? 400)
  }

  if (!Number.isInteger(count) || count < 1) throw adminError(400, 'count must be a positive integer')
  if (status !== 0 && (!Number.isInteger(status) || status < 400 || status > 599)) {
    throw adminError(400, 'status must be 0 (delay only) or an HTTP error status 400-599')
  }

  if (status === 0 && delayMs === 0) throw adminError(400, 'a fault needs a status, an errorType or a delayMs')
  return {operation: spec.operation, status, count, delayMs, errorType: spec.errorType}
}

function faultError(fault: Fault): ApiError {
  const service = serviceOf(fault.operation)
  const shape = fault.errorType ?? defaultShape(service, fault.status)
  const message = FAULT_MESSAGES[shape] ?? `Injected ${shape}`
  return new ApiError(service === 'html' ? 'admin' : service, fault.status, shape, message)
}

function validateLifetimes(value: unknown): Partial<Lifetimes> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw adminError(400, 'lifetimes must be an object')
  const out: Partial<Lifetimes> = {}
  for (const [k, v] of Object.entries(value)) {
    if (!(LIFETIME_KEYS as string[]).includes(k)) {
      throw adminError(400, `Unknown lifetime ${k}; expected one of ${LIFETIME_KEYS.join(', ')}`)
    }

    out[k as keyof Lifetimes] = optionalNumber(v, k)
  }

  return out
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref()
  })

interface Route {
  /** The operation name used for stats and faults; pages and the admin API have none. */
  op?: string
  service: FaultService
  handle(req: IncomingMessage, res: ServerResponse, query: URLSearchParams, body: Buffer): void
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const initialFixture =
    options.fixture === undefined ? defaultFixture() : typeof options.fixture === 'string' ? loadFixture(options.fixture) : validateFixture(options.fixture)
  const initialLifetimes: Lifetimes = {...DEFAULT_LIFETIMES, ...validateLifetimes(options.lifetimes ?? {})}
  const initialAutoApprove = options.autoApprove ?? false

  const ctx: Context = {
    url: '',
    state: new State(),
    lifetimes: {...initialLifetimes},
    fixture: initialFixture,
    autoApprove: initialAutoApprove,
  }
  let counts: Record<string, number> = {}
  let faults: Fault[] = []

  const count = (op: string): void => {
    counts[op] = (counts[op] ?? 0) + 1
  }

  const json =
    (service: 'oidc' | 'portal', fn: (body: Record<string, unknown>, query: URLSearchParams) => unknown) =>
    (req: IncomingMessage, res: ServerResponse, query: URLSearchParams, body: Buffer): void => {
      const invalid = (message: string): ApiError => new ApiError(service, 400, 'InvalidRequestException', message)
      sendJson(res, 200, fn(parseJsonObject(req, body, invalid), query))
    }

  const formOf = (req: IncomingMessage, body: Buffer): URLSearchParams => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
    return type === 'application/x-www-form-urlencoded' ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams()
  }

  const signinTokens = new Map<string, SigninToken>()
  const routes: Record<string, Route> = {
    'POST /client/register': {op: 'RegisterClient', service: 'oidc', handle: json('oidc', (b) => registerClient(ctx, b))},
    'POST /device_authorization': {
      op: 'StartDeviceAuthorization',
      service: 'oidc',
      handle: json('oidc', (b) => startDeviceAuthorization(ctx, b)),
    },
    'POST /token': {op: 'CreateToken', service: 'oidc', handle: json('oidc', (b, q) => createToken(ctx, b, q))},
    'GET /authorize': {op: 'Authorize', service: 'html', handle: (_req, res, q) => authorize(ctx, q, res)},
    'POST /authorize/approve': {service: 'html', handle: (req, res, _q, b) => authorizeDecision(ctx, formOf(req, b), true, res)},
    'POST /authorize/deny': {service: 'html', handle: (req, res, _q, b) => authorizeDecision(ctx, formOf(req, b), false, res)},
    'GET /authorize/resume': {service: 'html', handle: (_req, res, q) => authorizeResume(ctx, q, res)},
    'GET /device': {service: 'html', handle: (_req, res, q) => devicePage(ctx, q, res)},
    'POST /device/approve': {service: 'html', handle: (req, res, _q, b) => deviceDecision(ctx, formOf(req, b), true, res)},
    'POST /device/deny': {service: 'html', handle: (req, res, _q, b) => deviceDecision(ctx, formOf(req, b), false, res)},
    'GET /federation/credentials': {
      op: 'GetRoleCredentials',
      service: 'portal',
      handle: (req, res, q) => sendJson(res, 200, getRoleCredentials(ctx, req, q)),
    },
    'GET /assignment/accounts': {
      op: 'ListAccounts',
      service: 'portal',
      handle: (req, res, q) => sendJson(res, 200, listAccounts(ctx, req, q)),
    },
    'GET /assignment/roles': {
      op: 'ListAccountRoles',
      service: 'portal',
      handle: (req, res, q) => sendJson(res, 200, listAccountRoles(ctx, req, q)),
    },
    'POST /logout': {
      op: 'Logout',
      service: 'portal',
      handle(req, res) {
        logout(ctx, req)
        send(res, 200, '')
      },
    },
    'POST /': {
      op: 'GetCallerIdentity',
      service: 'sts',
      handle: (req, res, _q, body) => send(res, 200, stsAction(ctx, req, parseForm(req, body)), {'Content-Type': 'text/xml'}),
    },
    'GET /': {service: 'html', handle: (_req, res) => sendHtml(res, 200, indexPage(ctx.url))},
  }

  const emulator: Emulator = {
    url: '',
    port: 0,
    stats: () => ({...counts}),
    reset(opts = {}) {
      ctx.state.clear()
      signinTokens.clear()
      counts = {}
      faults = []
      if (opts.lifetimes) ctx.lifetimes = {...initialLifetimes}
      if (opts.fixture) ctx.fixture = initialFixture
      if (opts.autoApprove) ctx.autoApprove = initialAutoApprove
    },
    approve(userCode) {
      decide(ctx, userCode, true)
    },
    deny(userCode) {
      decide(ctx, userCode, false)
    },
    pending() {
      const now = Date.now()
      const status = (s: string, expiresAt: number): string => (s === 'pending' && expiresAt <= now ? 'expired' : s)
      return {
        deviceCodes: [...ctx.state.deviceAuths.values()].map((d) => ({
          userCode: d.userCode,
          clientName: d.clientName,
          status: status(d.status, d.expiresAt),
          startUrl: d.startUrl,
          expiresAt: new Date(d.expiresAt).toISOString(),
        })),
        authorizations: [...ctx.state.codeAuths.values()].map((a) => ({
          id: a.id,
          userCode: a.userCode,
          clientName: a.clientName,
          status: status(a.status, a.expiresAt),
          redirectUri: a.redirectUri,
          expiresAt: new Date(a.expiresAt).toISOString(),
        })),
      }
    },
    setFault(spec) {
      const fault = validateFault(spec)
      // Faults for one operation queue up, so a test can script e.g. two 429s and then a 503.
      faults = [...faults, fault]
    },
    revokeAll() {
      for (const s of ctx.state.sessions.values()) s.revoked = true
    },
    setLifetimes(l) {
      ctx.lifetimes = {...ctx.lifetimes, ...validateLifetimes(l)}
    },
    setAutoApprove(v) {
      ctx.autoApprove = v
    },
    setFixture(f) {
      ctx.fixture = validateFixture(f)
    },
    close: () => closeServer(),
  }

  function takeFault(ops: string[]): Fault | undefined {
    for (const op of ops) {
      const fault = faults.find((f) => f.operation === op)
      if (fault === undefined) continue
      fault.count -= 1
      if (fault.count <= 0) faults = faults.filter((f) => f !== fault)
      return fault
    }

    return undefined
  }

  function admin(req: IncomingMessage, res: ServerResponse, action: string, body: Buffer): void {
    const input = (): Record<string, unknown> => parseJsonObject(req, body, (message) => adminError(400, message), {anyContentType: true})
    const code = (): string => {
      const v = input().userCode
      if (typeof v !== 'string' || v === '') throw adminError(400, 'userCode is required')
      return v
    }

    const ok = (extra: Record<string, unknown> = {}): void => sendJson(res, 200, {ok: true, ...extra})
    switch (`${req.method} ${action}`) {
      case 'POST approve': {
        ok(decide(ctx, code(), true))
        return
      }

      case 'POST deny': {
        ok(decide(ctx, code(), false))
        return
      }

      case 'GET stats': {
        sendJson(res, 200, emulator.stats())
        return
      }

      case 'POST reset': {
        const b = input()
        emulator.reset({lifetimes: b.lifetimes === true, fixture: b.fixture === true, autoApprove: b.autoApprove === true})
        ok()
        return
      }

      case 'GET faults': {
        sendJson(res, 200, faults)
        return
      }

      case 'POST faults': {
        emulator.setFault(input() as unknown as FaultSpec)
        ok({faults})
        return
      }

      case 'DELETE faults': {
        faults = []
        ok()
        return
      }

      case 'POST revoke': {
        emulator.revokeAll()
        ok()
        return
      }

      case 'GET lifetimes': {
        sendJson(res, 200, ctx.lifetimes)
        return
      }

      case 'POST lifetimes': {
        emulator.setLifetimes(input() as Partial<Lifetimes>)
        sendJson(res, 200, ctx.lifetimes)
        return
      }

      case 'POST auto-approve': {
        const {enabled} = input()
        if (typeof enabled !== 'boolean') throw adminError(400, 'enabled must be a boolean')
        emulator.setAutoApprove(enabled)
        ok({enabled})
        return
      }

      case 'GET fixture': {
        sendJson(res, 200, ctx.fixture)
        return
      }

      case 'POST fixture': {
        try {
          emulator.setFixture(input() as unknown as Fixture)
        } catch (error) {
          if (error instanceof FixtureError) throw adminError(400, error.message)
          throw error
        }

        ok({accounts: ctx.fixture.accounts.length})
        return
      }

      case 'GET pending': {
        sendJson(res, 200, emulator.pending())
        return
      }

      default: {
        throw adminError(404, `Unknown admin endpoint ${req.method} /_emulator/${action}`)
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let service: FaultService = 'admin'
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (url.pathname.startsWith('/_emulator/')) {
        admin(req, res, url.pathname.slice('/_emulator/'.length), await readBody(req))
        return
      }

      if (url.pathname === '/federation' && (req.method === 'GET' || req.method === 'POST')) {
        federation(ctx, signinTokens, req, res, url.searchParams, await readBody(req), count)
        return
      }

      const route = routes[`${req.method} ${url.pathname}`]
      if (route === undefined) {
        await readBody(req)
        sendJson(res, 404, {message: `No operation at ${req.method} ${url.pathname}`}, {'x-amzn-ErrorType': 'UnknownOperationException'})
        return
      }

      service = route.service
      const ops = route.op === undefined ? [] : [route.op]
      // Count before reading the body so that even a request rejected for its size shows up;
      // STS waits for the Action field, since POST / could name any STS operation.
      if (route.op !== undefined && route.service !== 'sts') count(route.op)
      const body = await readBody(req)
      if (route.service === 'sts') {
        const action = parseForm(req, body).get('Action')
        if (!(STS_ACTIONS as readonly string[]).includes(action ?? '')) {
          throw new ApiError('sts', 400, 'InvalidAction', `Could not find operation ${action ?? '(none)'} for version 2011-06-15`)
        }

        ops[0] = action!
        count(action!)
      }

      if (route.op === 'CreateToken') {
        const label = grantLabel(peekJsonField(body, 'grantType'))
        if (label !== undefined) {
          ops.unshift(`CreateToken:${label}`)
          count(ops[0])
        }
      }

      const fault = takeFault(ops)
      if (fault !== undefined) {
        if (fault.delayMs > 0) await sleep(fault.delayMs)
        if (fault.status !== 0) throw faultError(fault)
      }

      route.handle(req, res, url.searchParams, body)
    } catch (error) {
      if (service === 'html') {
        const status = error instanceof ApiError ? error.status : 500
        const message = error instanceof ApiError ? `${error.shape}: ${error.message}` : 'Internal error'
        sendHtml(res, status, errorPage('Something went wrong', message))
        return
      }

      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(
              service,
              500,
              service === 'sts' ? 'InternalFailure' : 'InternalServerException',
              `Internal error: ${(error as Error)?.message ?? String(error)}`,
            )
      sendError(res, apiError.service === 'admin' && service !== 'admin' ? asService(apiError, service) : apiError)
    } finally {
      options.log?.(`${req.method} ${req.url} -> ${res.statusCode}`)
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // handle() already answers every error; this only guards against a broken socket while answering.
      if (!res.headersSent) res.writeHead(500).end()
    })
  })
  server.keepAliveTimeout = 5000

  function closeServer(): Promise<void> {
    return new Promise((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeAllConnections()
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const {port} = server.address() as AddressInfo
  ctx.url = `http://127.0.0.1:${port}`
  emulator.url = ctx.url
  emulator.port = port
  return emulator
}

/** Body-size errors come from shared code; re-dress them in the route's error shape. */
function asService(err: ApiError, service: Service): ApiError {
  const shape = service === 'sts' ? 'InvalidParameterValue' : 'InvalidRequestException'
  return new ApiError(service, err.status, shape, err.message)
}

function peekJsonField(body: Buffer, field: string): unknown {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined
  } catch {
    return undefined
  }
}
