import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {useEmulator} from '../support/fixtures.js'
import {START_URL} from '../support/sso.js'
import {authorizeUrl, deviceLogin, formField, oidcClient, pkcePair, postForm, tempHome} from './helpers.js'
import {type Emulator, makeFixture, startEmulator} from './server.js'

async function call(
  emu: Emulator,
  method: string,
  pathAndQuery: string,
  opts: {body?: string; contentType?: string; headers?: Record<string, string>} = {},
): Promise<{status: number; type: null | string; body: string; json: Record<string, unknown> | undefined}> {
  const headers: Record<string, string> = {...opts.headers}
  if (opts.contentType !== undefined) headers['content-type'] = opts.contentType
  const res = await fetch(`${emu.url}${pathAndQuery}`, {method, headers, body: opts.body, redirect: 'manual'})
  const body = await res.text()
  let json: Record<string, unknown> | undefined
  try {
    json = JSON.parse(body) as Record<string, unknown>
  } catch {
    json = undefined
  }

  return {status: res.status, type: res.headers.get('x-amzn-errortype'), body, json}
}

const postJson = (emu: Emulator, p: string, value: unknown) => call(emu, 'POST', p, {body: JSON.stringify(value), contentType: 'application/json'})

describe('emulator over raw HTTP', () => {
  const ctx = useEmulator({}, {lifetimes: true, fixture: true, autoApprove: true})

  it('binds 127.0.0.1 and reports its URL without a trailing slash', () => {
    expect(ctx.emu.url).to.equal(`http://127.0.0.1:${ctx.emu.port}`)
    expect(ctx.emu.port).to.be.above(0)
  })

  it('answers malformed sso-oidc requests with InvalidRequestException and keeps serving', async () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['not json', '{"clientName":', 'application/json'],
      ['array body', '[1,2]', 'application/json'],
      ['wrong content type', '{"clientName":"x","clientType":"public"}', 'text/plain'],
      ['missing clientName', '{"clientType":"public"}', 'application/json'],
      ['wrong field type', '{"clientName":5,"clientType":"public"}', 'application/json'],
      ['scopes not a list', '{"clientName":"x","clientType":"public","scopes":"sso:account:access"}', 'application/json'],
    ]
    for (const [label, body, contentType] of cases) {
      const r = await call(ctx.emu, 'POST', '/client/register', {body, contentType})
      expect([label, r.status, r.type, r.json?.error]).to.deep.equal([label, 400, 'InvalidRequestException', 'invalid_request'])
      expect(r.json?.error_description).to.be.a('string')
    }

    const token = await postJson(ctx.emu, '/token', {clientId: 'x'})
    expect([token.status, token.type, token.json?.error_description]).to.deep.equal([
      400,
      'InvalidRequestException',
      'Missing required parameter: clientSecret',
    ])
    const iam = await postJson(ctx.emu, '/token?aws_iam=t', {})
    expect([iam.status, iam.type]).to.deep.equal([400, 'InvalidRequestException'])

    const big = await call(ctx.emu, 'POST', '/client/register', {body: `"${'x'.repeat(1_100_000)}"`, contentType: 'application/json'})
    expect([big.status, big.type]).to.deep.equal([413, 'InvalidRequestException'])

    const ok = await postJson(ctx.emu, '/client/register', {clientName: 'after-errors', clientType: 'public'})
    expect(ok.status).to.equal(200)
    expect(ok.json?.clientId).to.be.a('string')
    expect(ctx.emu.stats().RegisterClient).to.equal(cases.length + 2)
  })

  it('answers RegisterClient validation errors with their modelled shapes', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{clientName: 'x', clientType: 'confidential'}, 400, 'InvalidClientMetadataException'],
      [{clientName: 'x', clientType: 'public', grantTypes: ['password']}, 400, 'UnsupportedGrantTypeException'],
      [{clientName: 'x', clientType: 'public', grantTypes: ['authorization_code']}, 400, 'InvalidRedirectUriException'],
      [
        {clientName: 'x', clientType: 'public', grantTypes: ['authorization_code'], redirectUris: ['https://example.com/cb']},
        400,
        'InvalidRedirectUriException',
      ],
    ]
    for (const [body, status, type] of cases) {
      const r = await postJson(ctx.emu, '/client/register', body)
      expect([r.status, r.type]).to.deep.equal([status, type])
    }
  })

  it('rejects a start URL outside the fixture list when the fixture restricts them', async () => {
    ctx.emu.setFixture({...makeFixture({accounts: 1, rolesPerAccount: 1}), startUrls: [`${START_URL}/`]})
    const reg = (await postJson(ctx.emu, '/client/register', {clientName: 'x', clientType: 'public'})).json as Record<string, string>
    const start = (startUrl: string) => postJson(ctx.emu, '/device_authorization', {clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl})
    expect((await start('https://d-9999999999.awsapps.com/start')).type).to.equal('InvalidRequestException')
    expect((await start(`${START_URL}#/`)).status).to.equal(200)
  })

  it('answers malformed portal requests with the portal error shapes', async () => {
    const {accessToken} = await deviceLogin(ctx.emu, oidcClient(ctx.emu))
    const headers = {'x-amz-sso_bearer_token': accessToken}
    const cases: Array<[string, number, string]> = [
      ['/assignment/accounts?max_result=abc', 400, 'InvalidRequestException'],
      ['/assignment/accounts?max_result=0', 400, 'InvalidRequestException'],
      ['/assignment/accounts?max_result=101', 400, 'InvalidRequestException'],
      ['/assignment/accounts?next_token=garbage', 400, 'InvalidRequestException'],
      ['/assignment/roles', 400, 'InvalidRequestException'],
      ['/federation/credentials?account_id=123456789012', 400, 'InvalidRequestException'],
      ['/federation/credentials?role_name=AdministratorAccess&account_id=210987654321', 403, 'ForbiddenException'],
    ]
    for (const [p, status, type] of cases) {
      const r = await call(ctx.emu, 'GET', p, {headers})
      expect([p, r.status, r.type, typeof r.json?.message]).to.deep.equal([p, status, type, 'string'])
    }

    const forbidden = await call(ctx.emu, 'GET', '/assignment/roles?account_id=999999999999', {headers})
    expect(forbidden.json).to.deep.equal({message: 'No access', __type: 'com.amazonaws.switchboard.portal#ForbiddenException'})

    const noToken = await call(ctx.emu, 'GET', '/assignment/accounts')
    expect([noToken.status, noToken.type, noToken.json]).to.deep.equal([401, 'UnauthorizedException', {message: 'Session token not found or invalid'}])

    // A next_token from one listing is not accepted by another.
    ctx.emu.setFixture(makeFixture({accounts: 30, rolesPerAccount: 3}))
    const first = await call(ctx.emu, 'GET', '/assignment/accounts?max_result=10', {headers})
    const token = encodeURIComponent(first.json?.nextToken as string)
    const misuse = await call(ctx.emu, 'GET', `/assignment/roles?account_id=100000000000&next_token=${token}`, {headers})
    expect([misuse.status, misuse.type]).to.deep.equal([400, 'InvalidRequestException'])

    const logout = await call(ctx.emu, 'POST', '/logout', {headers})
    expect([logout.status, logout.body]).to.deep.equal([200, ''])
  })

  it('answers unknown paths and methods with a 404 JSON error, and bad STS calls with query-protocol XML', async () => {
    for (const [method, p] of [
      ['GET', '/nope'],
      ['GET', '/token'],
      ['DELETE', '/logout'],
    ]) {
      const r = await call(ctx.emu, method, p)
      expect([r.status, r.type, typeof r.json?.message]).to.deep.equal([404, 'UnknownOperationException', 'string'])
    }

    const action = await call(ctx.emu, 'POST', '/', {
      body: 'Action=GetSessionToken&Version=2011-06-15',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    })
    expect(action.status).to.equal(400)
    expect(action.body).to.match(/<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/)
    expect(action.body).to.include('<Code>InvalidAction</Code>')

    const unsigned = await call(ctx.emu, 'POST', '/', {
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      contentType: 'application/x-www-form-urlencoded',
    })
    expect(unsigned.status).to.equal(403)
    expect(unsigned.body).to.include('<Code>MissingAuthenticationToken</Code>')

    const json = await call(ctx.emu, 'POST', '/', {body: '{}', contentType: 'application/json'})
    expect(json.status).to.equal(400)
    expect(json.body).to.include('<Code>InvalidParameterValue</Code>')

    const unknownKey = await call(ctx.emu, 'POST', '/', {
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      contentType: 'application/x-www-form-urlencoded',
      headers: {authorization: 'AWS4-HMAC-SHA256 Credential=ASIAXXXXXXXXXXXXXXXX/20260101/us-east-1/sts/aws4_request, Signature=0'},
    })
    expect(unknownKey.status).to.equal(403)
    expect(unknownKey.body).to.include('<Code>InvalidClientTokenId</Code>').and.include('<Type>Sender</Type>')
  })

  it('keeps a bad redirect URI on an error page instead of redirecting to it', async () => {
    const reg = (
      await postJson(ctx.emu, '/client/register', {
        clientName: 'pkce',
        clientType: 'public',
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
      })
    ).json as Record<string, string>
    const {challenge} = pkcePair()
    for (const redirectUri of [
      'https://127.0.0.1:8080/oauth/callback',
      'http://evil.example.com:8080/oauth/callback',
      'http://127.0.0.1:8080/other/callback',
      'not a url',
    ]) {
      const res = await fetch(authorizeUrl(ctx.emu, {clientId: reg.clientId, redirectUri, challenge}), {redirect: 'manual'})
      expect([redirectUri, res.status, res.headers.get('location')]).to.deep.equal([redirectUri, 400, null])
      expect(res.headers.get('content-type')).to.match(/^text\/html/)
    }

    const unknownClient = await fetch(authorizeUrl(ctx.emu, {clientId: 'nope', redirectUri: 'http://127.0.0.1:1/oauth/callback', challenge}), {
      redirect: 'manual',
    })
    expect(unknownClient.status).to.equal(400)

    // Once the redirect URI is trusted, other problems go back to the client as OAuth errors.
    const noChallenge = await fetch(
      authorizeUrl(ctx.emu, {clientId: reg.clientId, redirectUri: 'http://127.0.0.1:1/oauth/callback', challenge: 'short', state: 's'}),
      {redirect: 'manual'},
    )
    expect(noChallenge.status).to.equal(302)
    const loc = new URL(noChallenge.headers.get('location') as string)
    expect([loc.searchParams.get('error'), loc.searchParams.get('state')]).to.deep.equal(['invalid_request', 's'])
    expect(ctx.emu.stats().Authorize).to.equal(6)
  })

  it('redirects a denied /authorize request with error=access_denied and the state', async () => {
    ctx.emu.setAutoApprove(false)
    const reg = (
      await postJson(ctx.emu, '/client/register', {
        clientName: 'pkce',
        clientType: 'public',
        grantTypes: ['authorization_code'],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
      })
    ).json as Record<string, string>
    const page = await fetch(
      authorizeUrl(ctx.emu, {clientId: reg.clientId, redirectUri: 'http://127.0.0.1:5/oauth/callback', challenge: pkcePair().challenge, state: 'abc'}),
    )
    const html = await page.text()
    const denied = await postForm(`${ctx.emu.url}/authorize/deny`, {id: formField(html, 'id')})
    expect(denied.status).to.equal(302)
    const loc = new URL(denied.headers.get('location') as string)
    expect(`${loc.origin}${loc.pathname}`).to.equal('http://127.0.0.1:5/oauth/callback')
    expect(loc.searchParams.get('error')).to.equal('access_denied')
    expect(loc.searchParams.get('error_description')).to.be.a('string')
    expect(loc.searchParams.get('state')).to.equal('abc')
    expect(loc.searchParams.has('code')).to.equal(false)
    expect(ctx.emu.pending().authorizations[0].status).to.equal('denied')
  })

  it('serves the device pages: code entry, approval, denial and unknown codes', async () => {
    const reg = (await postJson(ctx.emu, '/client/register', {clientName: 'page-client', clientType: 'public'})).json as Record<string, string>
    const start = async () =>
      (await postJson(ctx.emu, '/device_authorization', {clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: START_URL})).json as Record<
        string,
        string
      >

    const entry = await fetch(`${ctx.emu.url}/device`)
    const entryHtml = await entry.text()
    expect(entry.status).to.equal(200)
    expect(entryHtml).to.include('name="user_code"').and.include('action="/device"')

    const a = await start()
    // People type codes in lower case and without the dash.
    const typed = await fetch(`${ctx.emu.url}/device?user_code=${a.userCode.replace('-', '').toLowerCase()}`)
    const typedHtml = await typed.text()
    expect(typed.status).to.equal(200)
    expect(typedHtml).to.include(a.userCode).and.include('page-client').and.include('<button id="deny">Deny</button>')
    const denied = await postForm(`${ctx.emu.url}/device/deny`, {user_code: formField(typedHtml, 'user_code')})
    expect(await denied.text()).to.include('Request denied')
    const again = await postForm(`${ctx.emu.url}/device/approve`, {user_code: a.userCode})
    expect(again.status).to.equal(409)

    const unknown = await fetch(`${ctx.emu.url}/device?user_code=ZZZZ-ZZZZ`)
    expect(unknown.status).to.equal(404)
    expect(await unknown.text()).to.include('not valid')

    const b = await start()
    const approved = await postForm(`${ctx.emu.url}/device/approve`, {user_code: b.userCode})
    expect(await approved.text()).to.include('Request approved')
    expect(ctx.emu.pending().deviceCodes.map((d) => d.status)).to.deep.equal(['denied', 'approved'])
  })

  it('exposes the admin API over HTTP', async () => {
    const reg = (await postJson(ctx.emu, '/client/register', {clientName: 'admin-client', clientType: 'public', scopes: ['sso:account:access']}))
      .json as Record<string, string>
    const dev = (await postJson(ctx.emu, '/device_authorization', {clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: START_URL}))
      .json as Record<string, string>

    const pending = await call(ctx.emu, 'GET', '/_emulator/pending')
    expect((pending.json?.deviceCodes as Array<Record<string, string>>).map((d) => [d.userCode, d.clientName, d.status])).to.deep.equal([
      [dev.userCode, 'admin-client', 'pending'],
    ])
    expect(pending.json?.authorizations).to.deep.equal([])

    // As `curl -d` sends it: JSON labelled form-encoded.
    const approved = await call(ctx.emu, 'POST', '/_emulator/approve', {
      body: JSON.stringify({userCode: dev.userCode}),
      contentType: 'application/x-www-form-urlencoded',
    })
    expect(approved.json).to.deep.equal({
      ok: true,
      kind: 'device',
      userCode: dev.userCode,
    })
    expect((await postJson(ctx.emu, '/_emulator/approve', {userCode: dev.userCode})).status).to.equal(409)
    expect((await postJson(ctx.emu, '/_emulator/deny', {userCode: 'QQQQ-QQQQ'})).status).to.equal(404)
    expect((await postJson(ctx.emu, '/_emulator/approve', {})).status).to.equal(400)

    const tok = await postJson(ctx.emu, '/token', {
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      grantType: 'urn:ietf:params:oauth:grant-type:device_code',
      deviceCode: dev.deviceCode,
    })
    expect(tok.status).to.equal(200)

    const fault = await postJson(ctx.emu, '/_emulator/faults', {operation: 'CreateToken', status: 500, count: 2})
    expect(fault.status).to.equal(200)
    expect((await call(ctx.emu, 'GET', '/_emulator/faults')).json).to.deep.equal([{operation: 'CreateToken', status: 500, count: 2, delayMs: 0}])
    const failed = await postJson(ctx.emu, '/token', {})
    expect([failed.status, failed.type, failed.json?.error]).to.deep.equal([500, 'InternalServerException', 'server_error'])
    expect((await postJson(ctx.emu, '/_emulator/faults', {operation: 'Bogus', status: 500})).status).to.equal(400)
    expect((await postJson(ctx.emu, '/_emulator/faults', {operation: 'ListAccounts'})).status).to.equal(400)
    expect((await postJson(ctx.emu, '/_emulator/faults', {operation: 'ListAccounts', status: 200})).status).to.equal(400)
    expect((await call(ctx.emu, 'DELETE', '/_emulator/faults')).status).to.equal(200)
    expect((await postJson(ctx.emu, '/token', {})).status).to.equal(400)

    const lifetimes = await postJson(ctx.emu, '/_emulator/lifetimes', {accessTokenSeconds: 60})
    expect(lifetimes.json).to.deep.include({accessTokenSeconds: 60, pollIntervalSeconds: 1, deviceCodeSeconds: 600})
    expect((await postJson(ctx.emu, '/_emulator/lifetimes', {bogusSeconds: 1})).status).to.equal(400)
    expect((await postJson(ctx.emu, '/_emulator/lifetimes', {accessTokenSeconds: -1})).status).to.equal(400)

    expect((await postJson(ctx.emu, '/_emulator/auto-approve', {enabled: 'yes'})).status).to.equal(400)
    expect((await postJson(ctx.emu, '/_emulator/auto-approve', {enabled: true})).json).to.deep.equal({ok: true, enabled: true})

    expect((await postJson(ctx.emu, '/_emulator/fixture', {user: {name: 'u'}, startUrls: null, accounts: [{accountId: '1'}]})).status).to.equal(400)
    expect((await postJson(ctx.emu, '/_emulator/fixture', makeFixture({accounts: 7, rolesPerAccount: 2}))).json).to.deep.equal({
      ok: true,
      accounts: 7,
    })
    expect(((await call(ctx.emu, 'GET', '/_emulator/fixture')).json?.accounts as unknown[]).length).to.equal(7)

    const stats = await call(ctx.emu, 'GET', '/_emulator/stats')
    expect(stats.json).to.deep.equal({
      RegisterClient: 1,
      StartDeviceAuthorization: 1,
      CreateToken: 3,
      'CreateToken:device_code': 1,
    })
    expect((await postJson(ctx.emu, '/_emulator/revoke', {})).status).to.equal(200)
    const revoked = await call(ctx.emu, 'GET', '/assignment/accounts', {headers: {'x-amz-sso_bearer_token': tok.json?.accessToken as string}})
    expect(revoked.status).to.equal(401)

    expect((await postJson(ctx.emu, '/_emulator/reset', {fixture: true})).status).to.equal(200)
    expect((await call(ctx.emu, 'GET', '/_emulator/stats')).json).to.deep.equal({})
    expect((await call(ctx.emu, 'GET', '/_emulator/lifetimes')).json?.accessTokenSeconds).to.equal(60)
    expect(((await call(ctx.emu, 'GET', '/_emulator/fixture')).json?.accounts as unknown[]).length).to.equal(5)
    expect((await call(ctx.emu, 'GET', '/_emulator/nope')).status).to.equal(404)
  })

  it('loads a fixture from a file and refuses an invalid one', async () => {
    const {home, cleanup} = tempHome()
    try {
      const file = path.join(home, 'fixture.json')
      writeFileSync(file, JSON.stringify(makeFixture({accounts: 2, rolesPerAccount: 1, userName: 'alice@example.com'})))
      const other = await startEmulator({fixture: file})
      try {
        expect(((await call(other, 'GET', '/_emulator/fixture')).json?.user as {name: string}).name).to.equal('alice@example.com')
      } finally {
        await other.close()
      }

      writeFileSync(file, '{"user":{"name":"x"},"accounts":[{"accountId":"123","accountName":"a","emailAddress":"e","roles":[]}]}')
      let message = ''
      await startEmulator({fixture: file}).catch((error: Error) => {
        message = error.message
      })
      expect(message).to.equal('fixture.accounts[0].accountId must be 12 digits')
    } finally {
      cleanup()
    }
  })
})
