import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccounts,
  TooManyRequestsException,
  UnauthorizedException,
} from '@aws-sdk/client-sso'
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  InvalidClientException,
  InvalidGrantException,
  InvalidRequestException,
  RegisterClientCommand,
  SlowDownException,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {fromSSO} from '@aws-sdk/credential-providers'
import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {useEmulator} from '../support/fixtures.js'
import {ACCOUNT_ID, ROLE_NAME, SSO_REGION, START_URL} from '../support/sso.js'
import {
  authorizeUrl,
  clientEnv,
  DEVICE_GRANT,
  deviceLogin,
  errorOf,
  formField,
  oidcClient,
  pkcePair,
  postForm,
  registerDeviceClient,
  sleep,
  ssoClient,
  statsDelta,
  tempHome,
  withEnv,
  writeSsoSessionProfile,
} from './helpers.js'
import {makeFixture} from './server.js'

describe('emulator with the AWS SDK for JavaScript v3', () => {
  const ctx = useEmulator({}, {lifetimes: true, fixture: true, autoApprove: true})

  it('runs the device-code flow, then every portal operation', async () => {
    const oidc = oidcClient(ctx.emu)
    const sso = ssoClient(ctx.emu)
    const reg = await oidc.send(new RegisterClientCommand({clientName: 'sdk-device', clientType: 'public', scopes: ['sso:account:access']}))
    const now = Math.floor(Date.now() / 1000)
    expect(reg.clientIdIssuedAt).to.be.within(now - 2, now + 1)
    expect((reg.clientSecretExpiresAt as number) - (reg.clientIdIssuedAt as number)).to.be.within(90 * 86_400 - 1, 90 * 86_400)

    const clientId = reg.clientId as string
    const clientSecret = reg.clientSecret as string
    const dev = await oidc.send(new StartDeviceAuthorizationCommand({clientId, clientSecret, startUrl: START_URL}))
    expect(dev.userCode).to.match(/^[A-Z]{4}-[A-Z]{4}$/)
    expect(dev.verificationUri).to.equal(`${ctx.emu.url}/device`)
    expect(dev.verificationUriComplete).to.equal(`${ctx.emu.url}/device?user_code=${dev.userCode}`)
    expect(dev.expiresIn).to.equal(600)
    expect(dev.interval).to.equal(1)
    expect(ctx.emu.pending().deviceCodes).to.deep.include({
      userCode: dev.userCode,
      clientName: 'sdk-device',
      status: 'pending',
      startUrl: START_URL,
      expiresAt: ctx.emu.pending().deviceCodes[0].expiresAt,
    })

    const poll = () => oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: DEVICE_GRANT, deviceCode: dev.deviceCode}))
    const pending = await errorOf(poll())
    expect(pending).to.be.instanceOf(AuthorizationPendingException)

    // Approve through the page, as a person would.
    const page = await fetch(dev.verificationUriComplete as string)
    const html = await page.text()
    expect(page.status).to.equal(200)
    expect(html)
      .to.include(dev.userCode as string)
      .and.include('sdk-device')
    expect(html).to.include('<button id="approve">Approve</button>').and.include('<button id="deny">Deny</button>')
    const decided = await postForm(`${ctx.emu.url}/device/approve`, {user_code: formField(html, 'user_code')})
    expect(decided.status).to.equal(200)
    expect(await decided.text()).to.include('Request approved')

    const token = await poll()
    expect(token.tokenType).to.equal('Bearer')
    expect(token.expiresIn).to.equal(8 * 3600)
    expect(token.refreshToken).to.be.a('string')
    const accessToken = token.accessToken as string

    const before = Date.now()
    const {roleCredentials: rc} = await sso.send(new GetRoleCredentialsCommand({accessToken, accountId: ACCOUNT_ID, roleName: ROLE_NAME}))
    expect(rc?.accessKeyId).to.match(/^ASIA[A-Z0-9]{16}$/)
    expect(rc?.secretAccessKey).to.have.length(40)
    expect(rc?.sessionToken).to.be.a('string')
    // Milliseconds since the epoch, one hour ahead.
    expect(rc?.expiration).to.be.within(before + 3_600_000 - 10, Date.now() + 3_600_000 + 10)

    const accounts = await sso.send(new ListAccountsCommand({accessToken}))
    expect(accounts.nextToken).to.equal(undefined)
    expect(accounts.accountList?.map((a) => a.accountId)).to.deep.equal(['123456789012', '210987654321', '333333333333', '444455556666', '777788889999'])
    expect(accounts.accountList?.[0]).to.deep.equal({accountId: ACCOUNT_ID, accountName: 'dev', emailAddress: 'aws-dev@example.com'})

    const roles = await sso.send(new ListAccountRolesCommand({accessToken, accountId: ACCOUNT_ID}))
    expect(roles.roleList).to.deep.equal([
      {roleName: 'MyLeastPrivilegeRole', accountId: ACCOUNT_ID},
      {roleName: 'AdministratorAccess', accountId: ACCOUNT_ID},
    ])

    await sso.send(new LogoutCommand({accessToken}))
    const after = await errorOf(sso.send(new ListAccountsCommand({accessToken})))
    expect(after).to.be.instanceOf(UnauthorizedException)
    expect(after.message).to.equal('Session token not found or invalid')

    expect(ctx.emu.stats()).to.deep.equal({
      RegisterClient: 1,
      StartDeviceAuthorization: 1,
      CreateToken: 2,
      'CreateToken:device_code': 2,
      GetRoleCredentials: 1,
      ListAccounts: 2,
      ListAccountRoles: 1,
      Logout: 1,
    })
  })

  it('auto-approves device codes at StartDeviceAuthorization, so the first poll returns a token', async () => {
    ctx.emu.setAutoApprove(true)
    const oidc = oidcClient(ctx.emu)
    const reg = await registerDeviceClient(oidc)
    const clientId = reg.clientId as string
    const clientSecret = reg.clientSecret as string
    const dev = await oidc.send(new StartDeviceAuthorizationCommand({clientId, clientSecret, startUrl: START_URL}))
    expect(ctx.emu.pending().deviceCodes.map((d) => d.status)).to.deep.equal(['approved'])
    const page = await fetch(dev.verificationUriComplete as string)
    expect(await page.text()).to.include('Request approved')
    const token = await oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: DEVICE_GRANT, deviceCode: dev.deviceCode}))
    expect(token.accessToken).to.be.a('string')
    expect(ctx.emu.pending().deviceCodes.map((d) => d.status)).to.deep.equal(['consumed'])
  })

  it('gives no refresh token to a registration without the sso:account:access scope', async () => {
    const legacy = await deviceLogin(ctx.emu, oidcClient(ctx.emu), null)
    expect(legacy.refreshToken).to.equal(undefined)
    const scoped = await deviceLogin(ctx.emu, oidcClient(ctx.emu), ['sso:account:access'])
    expect(scoped.refreshToken).to.be.a('string')
  })

  async function registerPkceClient() {
    return oidcClient(ctx.emu).send(
      new RegisterClientCommand({
        clientName: 'sdk-pkce',
        clientType: 'public',
        scopes: ['sso:account:access'],
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        issuerUrl: START_URL,
      }),
    )
  }

  it('runs the PKCE flow through the approval page, then refreshes with rotation', async () => {
    ctx.emu.setAutoApprove(false)
    const oidc = oidcClient(ctx.emu)
    const reg = await registerPkceClient()
    expect(reg.authorizationEndpoint).to.equal(`${ctx.emu.url}/authorize`)
    expect(reg.tokenEndpoint).to.equal(`${ctx.emu.url}/token`)
    const clientId = reg.clientId as string
    const clientSecret = reg.clientSecret as string
    const {verifier, challenge} = pkcePair()
    const redirectUri = 'http://127.0.0.1:54321/oauth/callback'

    const page = await fetch(authorizeUrl(ctx.emu, {clientId, redirectUri, challenge, state: 'st-42'}), {redirect: 'manual'})
    expect(page.status).to.equal(200)
    const html = await page.text()
    expect(html).to.include('sdk-pkce').and.include('<button id="approve">Approve</button>')
    expect(ctx.emu.pending().authorizations.map((a) => [a.clientName, a.status])).to.deep.equal([['sdk-pkce', 'pending']])

    const approved = await postForm(`${ctx.emu.url}/authorize/approve`, {id: formField(html, 'id')})
    expect(approved.status).to.equal(302)
    const location = new URL(approved.headers.get('location') as string)
    expect(`${location.origin}${location.pathname}`).to.equal('http://127.0.0.1:54321/oauth/callback')
    expect(location.searchParams.get('state')).to.equal('st-42')
    const code = location.searchParams.get('code') as string
    expect(code).to.be.a('string').with.length.above(20)

    const token = await oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: 'authorization_code', code, redirectUri, codeVerifier: verifier}))
    expect(token.refreshToken).to.be.a('string')
    const sso = ssoClient(ctx.emu)
    const creds = await sso.send(new GetRoleCredentialsCommand({accessToken: token.accessToken, accountId: ACCOUNT_ID, roleName: ROLE_NAME}))
    expect(creds.roleCredentials?.accessKeyId).to.match(/^ASIA/)

    const reused = await errorOf(
      oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: 'authorization_code', code, redirectUri, codeVerifier: verifier})),
    )
    expect(reused).to.be.instanceOf(InvalidGrantException)

    const refresh = (refreshToken: string) => oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: 'refresh_token', refreshToken}))
    const refreshed = await refresh(token.refreshToken as string)
    expect(refreshed.accessToken).to.not.equal(token.accessToken)
    expect(refreshed.refreshToken).to.be.a('string').and.not.equal(token.refreshToken)
    expect((await errorOf(refresh(token.refreshToken as string))).name).to.equal('InvalidGrantException')
    const again = await refresh(refreshed.refreshToken as string)
    expect(again.accessToken).to.be.a('string')
    expect(ctx.emu.stats()).to.include({Authorize: 1, 'CreateToken:authorization_code': 2, 'CreateToken:refresh_token': 3, CreateToken: 5})
  })

  it('approves /authorize through the emulator API and lets the browser resume', async () => {
    ctx.emu.setAutoApprove(false)
    const reg = await registerPkceClient()
    const {challenge} = pkcePair()
    const page = await fetch(authorizeUrl(ctx.emu, {clientId: reg.clientId as string, redirectUri: 'http://localhost:1/oauth/callback', challenge}), {
      redirect: 'manual',
    })
    expect(page.status).to.equal(400) // registered for 127.0.0.1, not localhost
    const ok = await fetch(authorizeUrl(ctx.emu, {clientId: reg.clientId as string, redirectUri: 'http://127.0.0.1:1/oauth/callback', challenge}), {
      redirect: 'manual',
    })
    expect(ok.status).to.equal(200)
    const [auth] = ctx.emu.pending().authorizations
    ctx.emu.approve(auth.id)
    const resumed = await fetch(`${ctx.emu.url}/authorize/resume?id=${auth.id}`, {redirect: 'manual'})
    expect(resumed.status).to.equal(302)
    expect(new URL(resumed.headers.get('location') as string).searchParams.get('code')).to.be.a('string')
  })

  it('auto-approves /authorize with an immediate redirect', async () => {
    ctx.emu.setAutoApprove(true)
    const reg = await registerPkceClient()
    const {challenge} = pkcePair()
    const res = await fetch(
      authorizeUrl(ctx.emu, {clientId: reg.clientId as string, redirectUri: 'http://127.0.0.1:9/oauth/callback', challenge, state: 'x'}),
      {redirect: 'manual'},
    )
    expect(res.status).to.equal(302)
    const loc = new URL(res.headers.get('location') as string)
    expect(loc.port).to.equal('9')
    expect(loc.searchParams.get('state')).to.equal('x')
    expect(loc.searchParams.get('code')).to.be.a('string')
  })

  it('rejects a wrong PKCE verifier and a changed redirect URI with InvalidGrantException', async () => {
    ctx.emu.setAutoApprove(true)
    const oidc = oidcClient(ctx.emu)
    const reg = await registerPkceClient()
    const clientId = reg.clientId as string
    const clientSecret = reg.clientSecret as string
    const redirectUri = 'http://127.0.0.1:40001/oauth/callback'
    const getCode = async (challenge: string): Promise<string> => {
      const res = await fetch(authorizeUrl(ctx.emu, {clientId, redirectUri, challenge}), {redirect: 'manual'})
      return new URL(res.headers.get('location') as string).searchParams.get('code') as string
    }

    const first = pkcePair()
    const wrongVerifier = await errorOf(
      oidc.send(
        new CreateTokenCommand({
          clientId,
          clientSecret,
          grantType: 'authorization_code',
          code: await getCode(first.challenge),
          redirectUri,
          codeVerifier: pkcePair().verifier,
        }),
      ),
    )
    expect(wrongVerifier).to.be.instanceOf(InvalidGrantException)
    expect(wrongVerifier.$metadata?.httpStatusCode).to.equal(400)

    const second = pkcePair()
    const wrongRedirect = await errorOf(
      oidc.send(
        new CreateTokenCommand({
          clientId,
          clientSecret,
          grantType: 'authorization_code',
          code: await getCode(second.challenge),
          redirectUri: 'http://127.0.0.1:40002/oauth/callback',
          codeVerifier: second.verifier,
        }),
      ),
    )
    expect(wrongRedirect).to.be.instanceOf(InvalidGrantException)
  })

  it('raises each modelled sso-oidc error as its SDK class', async () => {
    const oidc = oidcClient(ctx.emu)
    const reg = await registerDeviceClient(oidc)
    const clientId = reg.clientId as string
    const clientSecret = reg.clientSecret as string
    const start = () => oidc.send(new StartDeviceAuthorizationCommand({clientId, clientSecret, startUrl: START_URL}))
    const poll = (deviceCode?: string) => oidc.send(new CreateTokenCommand({clientId, clientSecret, grantType: DEVICE_GRANT, deviceCode}))

    const dev = await start()
    const pending = await errorOf(poll(dev.deviceCode))
    expect(pending).to.be.instanceOf(AuthorizationPendingException)
    expect(pending.name).to.equal('AuthorizationPendingException')
    expect((pending as AuthorizationPendingException).error).to.equal('authorization_pending')
    const slow = await errorOf(poll(dev.deviceCode))
    expect(slow).to.be.instanceOf(SlowDownException)
    expect(slow.$metadata?.httpStatusCode).to.equal(400)

    const denied = await start()
    ctx.emu.deny(denied.userCode as string)
    expect(ctx.emu.pending().deviceCodes.find((d) => d.userCode === denied.userCode)?.status).to.equal('denied')
    expect(await errorOf(poll(denied.deviceCode))).to.be.instanceOf(AccessDeniedException)

    expect(await errorOf(poll('unknown-device-code'))).to.be.instanceOf(InvalidGrantException)
    expect(await errorOf(poll())).to.be.instanceOf(InvalidRequestException)

    const badSecret = await errorOf(oidc.send(new StartDeviceAuthorizationCommand({clientId, clientSecret: 'wrong', startUrl: START_URL})))
    expect(badSecret).to.be.instanceOf(InvalidClientException)
    expect(badSecret.$metadata?.httpStatusCode).to.equal(401)

    ctx.emu.setLifetimes({deviceCodeSeconds: 1, registrationSeconds: 1})
    const expiring = await start()
    const shortReg = await registerDeviceClient(oidc)
    await sleep(1100)
    const expired = await errorOf(poll(expiring.deviceCode))
    expect(expired).to.be.instanceOf(ExpiredTokenException)
    expect(ctx.emu.pending().deviceCodes.find((d) => d.userCode === expiring.userCode)?.status).to.equal('expired')
    const expiredReg = await errorOf(
      oidc.send(
        new StartDeviceAuthorizationCommand({
          clientId: shortReg.clientId,
          clientSecret: shortReg.clientSecret,
          startUrl: START_URL,
        }),
      ),
    )
    expect(expiredReg).to.be.instanceOf(InvalidClientException)
  })

  it('raises portal errors as their SDK classes', async () => {
    const sso = ssoClient(ctx.emu)
    const {accessToken} = await deviceLogin(ctx.emu, oidcClient(ctx.emu))

    const noToken = await errorOf(sso.send(new ListAccountsCommand({accessToken: 'bogus'})))
    expect(noToken).to.be.instanceOf(UnauthorizedException)
    expect(noToken.$metadata?.httpStatusCode).to.equal(401)

    ctx.emu.setFault({operation: 'ListAccounts', status: 429})
    const throttled = await errorOf(sso.send(new ListAccountsCommand({accessToken})))
    expect(throttled).to.be.instanceOf(TooManyRequestsException)
    expect(throttled.$metadata?.httpStatusCode).to.equal(429)
    expect((await sso.send(new ListAccountsCommand({accessToken}))).accountList).to.have.length(5)

    const badParam = await errorOf(sso.send(new ListAccountsCommand({accessToken, maxResults: 500})))
    expect(badParam.name).to.equal('InvalidRequestException')
    expect(badParam.$metadata?.httpStatusCode).to.equal(400)

    const forbidden = await errorOf(sso.send(new GetRoleCredentialsCommand({accessToken, accountId: ACCOUNT_ID, roleName: 'NotMine'})))
    expect(forbidden.name).to.equal('ForbiddenException')
    expect(forbidden.message).to.equal('No access')
    expect(forbidden.$metadata?.httpStatusCode).to.equal(403)
    const otherAccount = await errorOf(sso.send(new ListAccountRolesCommand({accessToken, accountId: '999999999999'})))
    expect(otherAccount.name).to.equal('ForbiddenException')
  })

  it('applies injected faults: counted failures, delays, error overrides and per-grant targets', async () => {
    const oidc = oidcClient(ctx.emu)
    const sso = ssoClient(ctx.emu)
    const login = await deviceLogin(ctx.emu, oidc)

    ctx.emu.setFault({operation: 'GetRoleCredentials', status: 503, count: 2})
    const req = () => sso.send(new GetRoleCredentialsCommand({accessToken: login.accessToken, accountId: ACCOUNT_ID, roleName: ROLE_NAME}))
    for (let i = 0; i < 2; i++) {
      const err = await errorOf(req())
      expect(err.name).to.equal('InternalServerException')
      expect(err.$metadata?.httpStatusCode).to.equal(503)
    }

    expect((await req()).roleCredentials?.accessKeyId).to.match(/^ASIA/)

    // Faults for one operation run in the order they were set.
    ctx.emu.setFault({operation: 'GetRoleCredentials', status: 429, count: 2})
    ctx.emu.setFault({operation: 'GetRoleCredentials', status: 401})
    const sequence: string[] = []
    for (let i = 0; i < 4; i++)
      sequence.push(
        await req().then(
          () => 'ok',
          (error: Error) => error.name,
        ),
      )
    expect(sequence).to.deep.equal(['TooManyRequestsException', 'TooManyRequestsException', 'UnauthorizedException', 'ok'])

    ctx.emu.setFault({operation: 'ListAccounts', delayMs: 300})
    const t0 = Date.now()
    await sso.send(new ListAccountsCommand({accessToken: login.accessToken}))
    expect(Date.now() - t0).to.be.at.least(290)

    ctx.emu.setFault({operation: 'CreateToken:refresh_token', status: 400, errorType: 'SlowDownException'})
    const refresh = () =>
      oidc.send(
        new CreateTokenCommand({
          clientId: login.clientId,
          clientSecret: login.clientSecret,
          grantType: 'refresh_token',
          refreshToken: login.refreshToken,
        }),
      )
    expect(await errorOf(refresh())).to.be.instanceOf(SlowDownException)
    expect((await refresh()).accessToken).to.be.a('string')

    expect(() => ctx.emu.setFault({operation: 'NoSuchOperation', status: 500})).to.throw(/Unknown operation/)
    expect(ctx.emu.stats()).to.include({GetRoleCredentials: 7, ListAccounts: 1, 'CreateToken:refresh_token': 2})
  })

  it('rejects tokens after revocation, after Logout and after they expire', async () => {
    const oidc = oidcClient(ctx.emu)
    const sso = ssoClient(ctx.emu)
    const a = await deviceLogin(ctx.emu, oidc)
    const b = await deviceLogin(ctx.emu, oidc)
    const list = (accessToken: string) => sso.send(new ListAccountsCommand({accessToken}))
    const refresh = (t: typeof a) =>
      oidc.send(new CreateTokenCommand({clientId: t.clientId, clientSecret: t.clientSecret, grantType: 'refresh_token', refreshToken: t.refreshToken}))

    await sso.send(new LogoutCommand({accessToken: a.accessToken}))
    expect(await errorOf(list(a.accessToken))).to.be.instanceOf(UnauthorizedException)
    expect(await errorOf(refresh(a))).to.be.instanceOf(InvalidGrantException)
    expect(await errorOf(sso.send(new LogoutCommand({accessToken: a.accessToken})))).to.be.instanceOf(UnauthorizedException)
    expect((await list(b.accessToken)).accountList).to.have.length(5)

    const res = await fetch(`${ctx.emu.url}/_emulator/revoke`, {method: 'POST'})
    expect(res.status).to.equal(200)
    expect(await errorOf(list(b.accessToken))).to.be.instanceOf(UnauthorizedException)
    expect(await errorOf(refresh(b))).to.be.instanceOf(InvalidGrantException)

    ctx.emu.setLifetimes({accessTokenSeconds: 1})
    const c = await deviceLogin(ctx.emu, oidc)
    expect(c.expiresIn).to.equal(1)
    expect((await list(c.accessToken)).accountList).to.have.length(5)
    await sleep(1050)
    expect(await errorOf(list(c.accessToken))).to.be.instanceOf(UnauthorizedException)
  })

  it('paginates 250 accounts with paginateListAccounts', async () => {
    const fixture = makeFixture({accounts: 250, rolesPerAccount: 3})
    ctx.emu.setFixture(fixture)
    const sso = ssoClient(ctx.emu)
    const {accessToken} = await deviceLogin(ctx.emu, oidcClient(ctx.emu))

    const collect = async (pageSize?: number) => {
      const sizes: number[] = []
      const ids: string[] = []
      for await (const page of paginateListAccounts({client: sso, pageSize}, {accessToken})) {
        sizes.push(page.accountList?.length ?? 0)
        ids.push(...(page.accountList ?? []).map((x) => x.accountId as string))
      }

      return {sizes, ids}
    }

    const sized = await collect(37)
    expect(sized.sizes).to.deep.equal([37, 37, 37, 37, 37, 37, 28])
    expect(sized.ids).to.deep.equal(fixture.accounts.map((x) => x.accountId))
    expect(new Set(sized.ids).size).to.equal(250)

    const byDefault = await collect()
    expect(byDefault.sizes).to.deep.equal([...Array.from({length: 12}, () => 20), 10])
    expect(byDefault.ids).to.deep.equal(sized.ids)

    const roles = await sso.send(new ListAccountRolesCommand({accessToken, accountId: fixture.accounts[249].accountId, maxResults: 2}))
    expect(roles.roleList?.map((r) => r.roleName)).to.deep.equal(['ReadOnlyAccess', 'PowerUserAccess'])
    const rest = await sso.send(
      new ListAccountRolesCommand({accessToken, accountId: fixture.accounts[249].accountId, maxResults: 2, nextToken: roles.nextToken}),
    )
    expect(rest.roleList?.map((r) => r.roleName)).to.deep.equal(['AdministratorAccess'])
    expect(rest.nextToken).to.equal(undefined)
  })

  it('answers STS GetCallerIdentity for role credentials, and rejects unknown or expired keys', async () => {
    const sso = ssoClient(ctx.emu)
    const {accessToken} = await deviceLogin(ctx.emu, oidcClient(ctx.emu))
    const getCreds = async (accountId: string, roleName: string) => {
      const {roleCredentials: rc} = await sso.send(new GetRoleCredentialsCommand({accessToken, accountId, roleName}))
      return {
        accessKeyId: rc?.accessKeyId as string,
        secretAccessKey: rc?.secretAccessKey as string,
        sessionToken: rc?.sessionToken as string,
      }
    }

    const sts = (credentials: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}) =>
      new STSClient({region: SSO_REGION, credentials, maxAttempts: 1})
    const creds = await getCreds(ACCOUNT_ID, ROLE_NAME)
    // Reached through AWS_ENDPOINT_URL_STS, the way every real client can be pointed at the emulator.
    const id = await withEnv({AWS_ENDPOINT_URL_STS: ctx.emu.url}, () => sts(creds).send(new GetCallerIdentityCommand({})))
    expect(id.Arn).to.equal('arn:aws:sts::123456789012:assumed-role/MyLeastPrivilegeRole/user@example.com')
    expect(id.Account).to.equal(ACCOUNT_ID)
    expect(id.UserId).to.match(/^AROA[A-Z2-7]{17}:user@example\.com$/)

    const admin = await getCreds('333333333333', 'AdministratorAccess')
    const client = new STSClient({region: SSO_REGION, endpoint: ctx.emu.url, credentials: admin, maxAttempts: 1})
    const adminId = await client.send(new GetCallerIdentityCommand({}))
    expect(adminId.Arn).to.equal('arn:aws:sts::333333333333:assumed-role/AdministratorAccess/user@example.com')
    expect(adminId.UserId?.split(':')[0]).to.not.equal(id.UserId?.split(':')[0])

    const unknown = new STSClient({
      region: SSO_REGION,
      endpoint: ctx.emu.url,
      maxAttempts: 1,
      credentials: {accessKeyId: 'ASIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x', sessionToken: 'y'},
    })
    const err = await errorOf(unknown.send(new GetCallerIdentityCommand({})))
    expect(err.name).to.equal('InvalidClientTokenId')
    expect(err.$metadata?.httpStatusCode).to.equal(403)

    ctx.emu.setLifetimes({roleCredentialsSeconds: 0.2})
    const short = await getCreds(ACCOUNT_ID, ROLE_NAME)
    await sleep(250)
    const expired = await errorOf(
      new STSClient({region: SSO_REGION, endpoint: ctx.emu.url, credentials: short, maxAttempts: 1}).send(new GetCallerIdentityCommand({})),
    )
    expect(expired.name).to.equal('ExpiredToken')
    expect(expired.$metadata?.httpStatusCode).to.equal(403)
    expect(ctx.emu.stats().GetCallerIdentity).to.equal(4)
  })

  it('lets fromSSO refresh an almost expired sso-session token through the emulator', async () => {
    const {home, cleanup} = tempHome()
    try {
      const login = await deviceLogin(ctx.emu, oidcClient(ctx.emu))
      const file = writeSsoSessionProfile(home, ctx.emu, login, 2 * 60 * 1000)
      const before = ctx.emu.stats()
      const creds = await withEnv(clientEnv(ctx.emu, home), () => fromSSO({profile: 'p'})())
      expect(creds.accessKeyId).to.match(/^ASIA[A-Z0-9]{16}$/)
      expect(statsDelta(before, ctx.emu.stats())).to.deep.equal({
        CreateToken: 1,
        'CreateToken:refresh_token': 1,
        GetRoleCredentials: 1,
      })
      const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
      expect(cached.accessToken).to.be.a('string').and.not.equal(login.accessToken)
      expect(cached.refreshToken).to.be.a('string').and.not.equal(login.refreshToken)
      expect(Date.parse(cached.expiresAt)).to.be.above(Date.now() + 7 * 3600 * 1000)
      // The rotated-out refresh token is dead, the new one works.
      const oidc = oidcClient(ctx.emu)
      const refresh = (refreshToken: string) =>
        oidc.send(new CreateTokenCommand({clientId: login.clientId, clientSecret: login.clientSecret, grantType: 'refresh_token', refreshToken}))
      expect(await errorOf(refresh(login.refreshToken as string))).to.be.instanceOf(InvalidGrantException)
      expect((await refresh(cached.refreshToken)).accessToken).to.be.a('string')
    } finally {
      cleanup()
    }
  })
})
