import type {IncomingMessage, ServerResponse} from 'node:http'

import {randomUUID} from 'node:crypto'

export type Service = 'admin' | 'oidc' | 'portal' | 'sts'

/**
 * An error in the wire shape of the service that raised it. Handlers throw these; the router turns them
 * into responses, so a handler never writes an error response itself.
 */
export class ApiError extends Error {
  constructor(
    readonly service: Service,
    readonly status: number,
    readonly shape: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/** OAuth error codes per RFC 6749/8628; clients key on the header, so these only need to look right. */
const OAUTH_CODES: Record<string, string> = {
  AccessDeniedException: 'access_denied',
  AuthorizationPendingException: 'authorization_pending',
  ExpiredTokenException: 'expired_token',
  InternalServerException: 'server_error',
  InvalidClientException: 'invalid_client',
  InvalidClientMetadataException: 'invalid_client_metadata',
  InvalidGrantException: 'invalid_grant',
  InvalidRedirectUriException: 'invalid_redirect_uri',
  InvalidRequestException: 'invalid_request',
  InvalidScopeException: 'invalid_scope',
  SlowDownException: 'slow_down',
  UnauthorizedClientException: 'unauthorized_client',
  UnsupportedGrantTypeException: 'unsupported_grant_type',
}

export function oauthCode(shape: string): string {
  return (
    OAUTH_CODES[shape] ??
    shape
      .replace(/Exception$/, '')
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase()
  )
}

export const oidcError = (shape: string, description: string, extra?: Record<string, unknown>): ApiError =>
  new ApiError('oidc', oidcStatus(shape), shape, description, extra)

export function oidcStatus(shape: string): number {
  if (shape === 'InvalidClientException') return 401
  if (shape === 'InternalServerException') return 500
  return 400
}

export const PORTAL_STATUS: Record<string, number> = {
  ForbiddenException: 403,
  InvalidRequestException: 400,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
  UnauthorizedException: 401,
}

export const portalError = (shape: string, message: string, status = PORTAL_STATUS[shape] ?? 500): ApiError => new ApiError('portal', status, shape, message)

export const stsError = (code: string, message: string, status: number): ApiError => new ApiError('sts', status, code, message)

export const adminError = (status: number, message: string): ApiError => new ApiError('admin', status, 'AdminError', message)

export const MAX_BODY_BYTES = 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    // Keep draining so the client sees our 400 instead of a reset connection.
    if (size <= MAX_BODY_BYTES) chunks.push(buf)
  }

  if (size > MAX_BODY_BYTES) throw new ApiError('admin', 413, 'RequestTooLarge', `request body exceeds ${MAX_BODY_BYTES} bytes`)
  return Buffer.concat(chunks)
}

function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return true
  const mime = value.split(';')[0].trim().toLowerCase()
  return mime === 'application/json' || mime.startsWith('application/x-amz-json') || mime.endsWith('+json')
}

/**
 * Parses a rest-json request body; every failure becomes the service's InvalidRequestException.
 * The admin API passes `anyContentType`: `curl -d '{…}'` labels its body form-encoded.
 */
export function parseJsonObject(
  req: IncomingMessage,
  body: Buffer,
  fail: (message: string) => ApiError,
  {anyContentType = false}: {anyContentType?: boolean} = {},
): Record<string, unknown> {
  if (!anyContentType && !isJsonContentType(req.headers['content-type'])) {
    throw fail(`Unsupported content type: ${req.headers['content-type']}`)
  }

  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw fail('Request body is not valid JSON')
  }

  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw fail('Request body must be a JSON object')
  }

  return parsed as Record<string, unknown>
}

export function send(res: ServerResponse, status: number, body: Buffer | string, headers: Record<string, number | string> = {}): void {
  if (res.headersSent) {
    res.end()
    return
  }

  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(status, {'x-amzn-RequestId': randomUUID(), ...headers, 'Content-Length': buf.length})
  res.end(buf)
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(value), {'Content-Type': 'application/json', ...headers})
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  send(res, status, html, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'})
}

export function redirect(res: ServerResponse, location: string): void {
  send(res, 302, '', {Location: location, 'Cache-Control': 'no-store'})
}

export function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.codePointAt(0)};`)
}

export function sendError(res: ServerResponse, err: ApiError): void {
  switch (err.service) {
    case 'oidc': {
      sendJson(res, err.status, {error: oauthCode(err.shape), error_description: err.message, ...err.extra}, {'x-amzn-ErrorType': err.shape})
      return
    }

    case 'portal': {
      sendJson(res, err.status, {message: err.message, ...err.extra}, {'x-amzn-ErrorType': err.shape})
      return
    }

    case 'sts': {
      const requestId = randomUUID()
      const type = err.status >= 500 ? 'Receiver' : 'Sender'
      const xml =
        `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n` +
        `  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(err.shape)}</Code>\n` +
        `    <Message>${xmlEscape(err.message)}</Message>\n  </Error>\n` +
        `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
      send(res, err.status, xml, {'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId})
      return
    }

    default: {
      sendJson(res, err.status, {message: err.message}, {'x-amzn-ErrorType': err.shape})
    }
  }
}

/** Reads a positive JSON/admin number or throws; lifetimes may be fractional so tests can expire things fast. */
export function optionalNumber(v: unknown, where: string): number | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw adminError(400, `${where} must be a non-negative number`)
  return v
}
