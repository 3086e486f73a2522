import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {runPythonJson} from '../support/python.js'
import {requireTools} from '../support/system-tools.js'
import {clientEnv, deviceLogin, oidcClient, statsDelta, tempHome, writeSsoSessionProfile} from './helpers.js'
import {type Emulator, makeFixture, startEmulator} from './server.js'

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'py', 'botocore_client.py')

interface BotocoreError {
  type: null | string
  code: null | string
  status: number
  oauthError: null | string
}

describe('emulator with botocore', () => {
  let emu: Emulator
  let home: ReturnType<typeof tempHome>

  before(async function () {
    requireTools(this, ['python3-boto3'])
    emu = await startEmulator()
    home = tempHome()
  })

  after(async () => {
    await emu?.close()
    home?.cleanup()
  })

  beforeEach(() => {
    emu.reset({lifetimes: true, fixture: true, autoApprove: true})
  })

  const run = <T>(scenario: string, homeDir = home.home): Promise<T> =>
    runPythonJson<T>(SCRIPT, [scenario], {env: {...clientEnv(emu, homeDir), EMULATOR_URL: emu.url}})

  it('runs RegisterClient, StartDeviceAuthorization, CreateToken and the portal calls', async () => {
    const out = await run<{
      registration: {clientIdIssuedAt: number; clientSecretExpiresAt: number}
      device: Record<string, number | string>
      pending: BotocoreError
      token: {tokenType: string; expiresIn: number; hasRefreshToken: boolean}
      credentials: {accessKeyId: string; hasSecret: boolean; hasSessionToken: boolean; expiration: number}
      accounts: string[]
      roles: string[]
    }>('device_flow')
    expect(out.registration.clientSecretExpiresAt - out.registration.clientIdIssuedAt).to.equal(90 * 86_400)
    expect(out.device.verificationUriComplete).to.equal(`${emu.url}/device?user_code=${out.device.userCode}`)
    expect(out.device.expiresIn).to.equal(600)
    expect(out.device.interval).to.equal(1)
    expect(out.pending).to.deep.equal({
      type: 'AuthorizationPendingException',
      code: 'AuthorizationPendingException',
      status: 400,
      oauthError: 'authorization_pending',
    })
    expect(out.token).to.deep.equal({tokenType: 'Bearer', expiresIn: 28_800, hasRefreshToken: true})
    expect(out.credentials.accessKeyId).to.match(/^ASIA[A-Z0-9]{16}$/)
    expect(out.credentials.hasSecret && out.credentials.hasSessionToken).to.equal(true)
    expect(out.credentials.expiration).to.be.within(Date.now() + 3_590_000, Date.now() + 3_600_000)
    expect(out.accounts).to.have.length(5)
    expect(out.roles).to.deep.equal(['MyLeastPrivilegeRole', 'AdministratorAccess'])
    expect(emu.stats()).to.deep.equal({
      RegisterClient: 1,
      StartDeviceAuthorization: 1,
      CreateToken: 2,
      'CreateToken:device_code': 2,
      GetRoleCredentials: 1,
      ListAccounts: 1,
      ListAccountRoles: 1,
    })
  })

  it('raises every error as the exception botocore models for it', async () => {
    const out = await run<Record<string, BotocoreError>>('errors')
    const modelled = (name: string, status: number, oauthError: null | string = null): BotocoreError => ({
      type: name,
      code: name,
      status,
      oauthError,
    })
    expect(out).to.deep.equal({
      AuthorizationPendingException: modelled('AuthorizationPendingException', 400, 'authorization_pending'),
      SlowDownException: modelled('SlowDownException', 400, 'slow_down'),
      AccessDeniedException: modelled('AccessDeniedException', 400, 'access_denied'),
      InvalidGrantException: modelled('InvalidGrantException', 400, 'invalid_grant'),
      InvalidClientException: modelled('InvalidClientException', 401, 'invalid_client'),
      'InvalidRequestException:oidc': modelled('InvalidRequestException', 400, 'invalid_request'),
      UnauthorizedException: modelled('UnauthorizedException', 401),
      TooManyRequestsException: modelled('TooManyRequestsException', 429),
      'InvalidRequestException:portal': modelled('InvalidRequestException', 400),
      // Not in the model, so botocore can only give a ClientError carrying the code.
      ForbiddenException: {type: 'ClientError', code: 'ForbiddenException', status: 403, oauthError: null},
      ExpiredTokenException: modelled('ExpiredTokenException', 400, 'expired_token'),
    })
  })

  it('pages through 250 accounts with the botocore paginator', async () => {
    const fixture = makeFixture({accounts: 250, rolesPerAccount: 3})
    emu.setFixture(fixture)
    const out = await run<{pageSizes: number[]; ids: string[]; defaultPageSizes: number[]}>('paginate')
    expect(out.pageSizes).to.deep.equal([100, 100, 50])
    expect(out.ids).to.deep.equal(fixture.accounts.map((a) => a.accountId))
    expect(new Set(out.ids).size).to.equal(250)
    expect(out.defaultPageSizes).to.deep.equal([...Array.from({length: 12}, () => 20), 10])
    expect(emu.stats().ListAccounts).to.equal(3 + 13)
  })

  it('refreshes an almost expired sso-session token while resolving credentials', async () => {
    const own = tempHome()
    try {
      const login = await deviceLogin(emu, oidcClient(emu))
      const file = writeSsoSessionProfile(own.home, emu, login, 2 * 60 * 1000)
      const before = emu.stats()
      const out = await run<{accessKeyId: string}>('refresh', own.home)
      expect(out.accessKeyId).to.match(/^ASIA[A-Z0-9]{16}$/)
      expect(statsDelta(before, emu.stats())).to.deep.equal({
        CreateToken: 1,
        'CreateToken:refresh_token': 1,
        GetRoleCredentials: 1,
      })
      const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
      expect(cached.accessToken).to.not.equal(login.accessToken)
      expect(cached.refreshToken).to.be.a('string').and.not.equal(login.refreshToken)
    } finally {
      own.cleanup()
    }
  })
})
