import {isRetryable} from '../aws-errors.js'
import {cleanServerText} from '../server-text.js'
import {sleep} from '../sleep.js'
import {createToken, issuedToken} from './create-token.js'
import {assertSomeoneCanFinish, loginDenied, loginExpired, type LoginContext, type LoginResult} from './login-context.js'
import {loadOidcSdk, oidcClient, oidcErrorName, oidcFailure, oidcSend} from './oidc-client.js'
import {presentLoginUrl} from './present.js'
import {ClientRefusedError, type ClientRegistration, isClientRefusal, withRegistration} from './registration.js'
import {showWaiting} from './waiting.js'

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code' as const
const DEFAULT_INTERVAL_SECONDS = 5
const SLOW_DOWN_SECONDS = 5

/** RFC 8628 device authorization: the user approves a code in any browser while we poll. */
export async function deviceCodeLogin(ctx: LoginContext): Promise<LoginResult> {
  const {instance, env, signal, budget} = ctx
  return withRegistration(instance, 'device-code', {scopes: ctx.scopes, env, signal, budget}, (registration) => deviceAttempt(ctx, registration))
}

interface DeviceAuthorization {
  deviceCode: string
  userCode: string
  url: string
  expiresIn: number
  interval?: number
}

async function deviceAttempt(ctx: LoginContext, registration: ClientRegistration): Promise<LoginResult> {
  const auth = await startDeviceAuthorization(ctx, registration)
  assertSomeoneCanFinish(
    ctx,
    await presentLoginUrl(auth.url, {
      ui: ctx.ui,
      env: ctx.env,
      browser: ctx.browser,
      userCode: auth.userCode,
      expiresInSeconds: Math.min(auth.expiresIn, ctx.timeoutSeconds),
    }),
  )
  const deadline = Date.now() + Math.min(auth.expiresIn, ctx.timeoutSeconds) * 1000
  const waiting = showWaiting(ctx.ui, 'Waiting for the login to be approved in the browser', deadline)
  try {
    return await pollForApproval(ctx, registration, auth, deadline)
  } finally {
    waiting.stop()
  }
}

async function startDeviceAuthorization(ctx: LoginContext, registration: ClientRegistration): Promise<DeviceAuthorization> {
  const {instance, env, signal, budget} = ctx
  const client = await oidcClient(instance.region)
  const {StartDeviceAuthorizationCommand} = await loadOidcSdk()
  let auth
  try {
    auth = await oidcSend(
      (abortSignal) =>
        client.send(
          new StartDeviceAuthorizationCommand({
            clientId: registration.clientId,
            clientSecret: registration.clientSecret,
            startUrl: instance.startUrl,
          }),
          {abortSignal},
        ),
      {signal, budget},
    )
  } catch (error) {
    const failure = oidcFailure(error, 'StartDeviceAuthorization', instance.region, env, signal, [registration.clientSecret])
    // A cached client the service has forgotten (deleted, rotated) is replaced once, not reported.
    if (isClientRefusal(oidcErrorName(error)) && !signal?.aborted) throw new ClientRefusedError(failure)
    throw failure
  }

  // Shown on the terminal: server text loses control characters first.
  const url = cleanServerText(auth.verificationUriComplete ?? auth.verificationUri ?? '')
  const userCode = cleanServerText(auth.userCode ?? '')
  if (!auth.deviceCode || !userCode || !url || !auth.expiresIn) {
    throw oidcFailure(new Error('the response lacked deviceCode, userCode, verificationUri or expiresIn'), 'StartDeviceAuthorization', instance.region, env)
  }

  return {deviceCode: auth.deviceCode, userCode, url, expiresIn: auth.expiresIn, interval: auth.interval}
}

async function pollForApproval(ctx: LoginContext, registration: ClientRegistration, auth: DeviceAuthorization, deadline: number): Promise<LoginResult> {
  const {instance, env, signal, budget} = ctx
  let intervalMs = (auth.interval && auth.interval > 0 ? auth.interval : DEFAULT_INTERVAL_SECONDS) * 1000
  for (;;) {
    await sleep(Math.max(0, Math.min(intervalMs, deadline - Date.now())), signal)
    let out
    try {
      out = await createToken(instance.region, registration, {grantType: DEVICE_GRANT, deviceCode: auth.deviceCode}, {signal, budget})
    } catch (error) {
      intervalMs += slowDownAfter(error, ctx, registration, auth.deviceCode)
    }

    if (out) return {...issuedToken(out, 'CreateToken', instance.region, env), registration}

    if (Date.now() >= deadline) throw loginExpired(ctx)
  }
}

/** How much longer to wait before the next poll after a failed one; throws when polling must stop. */
function slowDownAfter(error: unknown, ctx: LoginContext, registration: ClientRegistration, deviceCode: string): number {
  const {instance, env, signal, budget} = ctx
  const name = oidcErrorName(error)
  if (signal?.aborted) throw oidcFailure(error, 'CreateToken', instance.region, env, signal)
  if (budget.remainingMs() <= 0) throw loginExpired(ctx)
  if (name === 'ExpiredTokenException') throw loginExpired(ctx)
  if (name === 'AccessDeniedException') throw loginDenied(ctx)
  // A client registered for another grant (a PKCE client some tool left in the shared file).
  if (isClientRefusal(name)) {
    throw new ClientRefusedError(oidcFailure(error, 'CreateToken', instance.region, env, signal, [registration.clientSecret, deviceCode]))
  }

  if (name === 'SlowDownException') return SLOW_DOWN_SECONDS * 1000
  // A network blip or a throttled poll must not throw away a login the user is approving.
  if (name !== 'AuthorizationPendingException' && !isRetryable(error)) {
    throw oidcFailure(error, 'CreateToken', instance.region, env, signal, [registration.clientSecret, deviceCode])
  }

  return 0
}
