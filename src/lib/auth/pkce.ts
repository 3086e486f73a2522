import {createHash, randomInt, randomUUID} from 'node:crypto'

import {cleanServerText} from '../server-text.js'
import {createToken, issuedToken} from './create-token.js'
import {assertSomeoneCanFinish, loginDenied, loginExpired, type LoginContext, type LoginResult} from './login-context.js'
import {startLoopbackListener} from './loopback.js'
import {oidcErrorName, oidcFailure, oidcOrigin} from './oidc-client.js'
import {presentLoginUrl} from './present.js'
import {ClientRefusedError, type ClientRegistration, isClientRefusal, withRegistration} from './registration.js'
import {TIMED_OUT, withDeadline} from './timing.js'
import {showWaiting} from './waiting.js'

const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'

/** RFC 7636 code verifier: 64 unreserved characters, as AWS CLI v2 makes them. */
export function createCodeVerifier(length = 64): string {
  let out = ''
  for (let i = 0; i < length; i++) out += VERIFIER_ALPHABET[randomInt(VERIFIER_ALPHABET.length)]
  return out
}

export function codeChallengeS256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

export function authorizeUrl(args: {origin: string; clientId: string; redirectUri: string; state: string; codeChallenge: string; scopes?: string[]}): string {
  const params: Array<[string, string]> = [
    ['response_type', 'code'],
    ['client_id', args.clientId],
    ['redirect_uri', args.redirectUri],
    ['state', args.state],
    ['code_challenge_method', 'S256'],
  ]
  if (args.scopes && args.scopes.length > 0) params.push(['scopes', args.scopes.join(' ')])
  params.push(['code_challenge', args.codeChallenge])
  // encodeURIComponent, not URLSearchParams: the service expects %20 between scopes, not '+'.
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
  return `${args.origin}/authorize?${query}`
}

/** OAuth authorization code with PKCE: the browser returns a code to a listener on this machine. */
export async function pkceLogin(ctx: LoginContext): Promise<LoginResult> {
  return withRegistration(ctx.instance, 'pkce', {scopes: ctx.scopes, env: ctx.env, signal: ctx.signal, budget: ctx.budget}, (registration) =>
    pkceAttempt(ctx, registration),
  )
}

async function pkceAttempt(ctx: LoginContext, registration: ClientRegistration): Promise<LoginResult> {
  const {instance, env, signal, budget} = ctx
  const state = randomUUID()
  const verifier = createCodeVerifier()
  const listener = await startLoopbackListener(state)
  let waiting: undefined | {stop(): void}
  try {
    const url = authorizeUrl({
      origin: oidcOrigin(instance.region, env),
      clientId: registration.clientId,
      redirectUri: listener.redirectUri,
      state,
      codeChallenge: codeChallengeS256(verifier),
      scopes: ctx.scopes,
    })
    assertSomeoneCanFinish(
      ctx,
      await presentLoginUrl(url, {ui: ctx.ui, env, browser: ctx.browser, thisMachineOnly: true, expiresInSeconds: ctx.timeoutSeconds}),
    )
    const deadline = Date.now() + ctx.timeoutSeconds * 1000
    waiting = showWaiting(ctx.ui, 'Waiting for the login to be approved in the browser', deadline)
    const outcome = await withDeadline(listener.result, deadline - Date.now(), signal)
    if (outcome === TIMED_OUT) throw loginExpired(ctx)
    waiting.stop()
    if ('error' in outcome) {
      if (outcome.error === 'access_denied') throw loginDenied(ctx)
      // The callback's text comes from the browser's address bar: anything may be in it.
      const error = cleanServerText(outcome.error)
      if (isClientRefusal(outcome.error)) throw new ClientRefusedError(loginDenied(ctx, error))
      throw loginDenied(ctx, outcome.description ? `${error}: ${cleanServerText(outcome.description)}` : error)
    }

    let out
    try {
      out = await createToken(
        instance.region,
        registration,
        {grantType: 'authorization_code', redirectUri: listener.redirectUri, codeVerifier: verifier, code: outcome.code},
        {signal, budget},
      )
    } catch (error) {
      if (oidcErrorName(error) === 'ExpiredTokenException') throw loginExpired(ctx)
      const failure = oidcFailure(error, 'CreateToken', instance.region, env, signal, [registration.clientSecret, verifier, outcome.code])
      if (isClientRefusal(oidcErrorName(error)) && !signal?.aborted) throw new ClientRefusedError(failure)
      throw failure
    }

    return {...issuedToken(out, 'CreateToken', instance.region, env), registration}
  } finally {
    waiting?.stop()
    await listener.close()
  }
}
