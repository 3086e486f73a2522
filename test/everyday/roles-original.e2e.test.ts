import {expect} from 'chai'

import {BASE_CONFIG, lines, PARITY_ADMIN_OR_READ_ONLY, PARITY_FIXTURE, PARITY_ROLES, PARITY_START_URL} from '../migration/fixture.js'
import {useEmulatorHome} from '../support/fixtures.js'
import {issueToken, writeTokenFile} from '../support/sso.js'
import {describeCli, everydayCli} from './support.js'

// Expected listings as aws-sso-util 4.33 printed them for the same directory (run against the
// emulator with AWS_ENDPOINT_URL_SSO), beside the default one in PARITY_ROLES.
const BY_ID = lines(
  'Account ID   Account name        Role name           ',
  '111111111111 shared-services     AdminRole           ',
  '111111111111 shared-services     MyLeastPrivilegeRole',
  '123456789012 dev                 MyLeastPrivilegeRole',
  '123456789012 dev                 ReadOnly            ',
  "222222222222 O'Brien sandbox     AdminRole           ",
  "222222222222 O'Brien sandbox     DeveloperAccess     ",
  '234567890123 Prod Account (Main) AdminRole           ',
  '234567890123 Prod Account (Main) ReadOnly            ',
  '234567890123 Prod Account (Main) power.user          ',
  '345678901234 Finance & Ops / EU  Billing+Admin@x     ',
  '345678901234 Finance & Ops / EU  ReadOnly            ',
)

const BY_ROLE_ID = lines(
  'Role name            Account ID   Account name       ',
  'AdminRole            111111111111 shared-services    ',
  "AdminRole            222222222222 O'Brien sandbox    ",
  'AdminRole            234567890123 Prod Account (Main)',
  'Billing+Admin@x      345678901234 Finance & Ops / EU ',
  "DeveloperAccess      222222222222 O'Brien sandbox    ",
  'MyLeastPrivilegeRole 111111111111 shared-services    ',
  'MyLeastPrivilegeRole 123456789012 dev                ',
  'ReadOnly             123456789012 dev                ',
  'ReadOnly             234567890123 Prod Account (Main)',
  'ReadOnly             345678901234 Finance & Ops / EU ',
  'power.user           234567890123 Prod Account (Main)',
)

const BY_ROLE_NAME = lines(
  'Role name            Account name        Account ID  ',
  "AdminRole            O'Brien sandbox     222222222222",
  'AdminRole            Prod Account (Main) 234567890123',
  'AdminRole            shared-services     111111111111',
  'Billing+Admin@x      Finance & Ops / EU  345678901234',
  "DeveloperAccess      O'Brien sandbox     222222222222",
  'MyLeastPrivilegeRole dev                 123456789012',
  'MyLeastPrivilegeRole shared-services     111111111111',
  'ReadOnly             Finance & Ops / EU  345678901234',
  'ReadOnly             Prod Account (Main) 234567890123',
  'ReadOnly             dev                 123456789012',
  'power.user           Prod Account (Main) 234567890123',
)

// With a separator and no sort: the portal's order, as the rows arrive.
const STREAMED = lines(
  'dev,123456789012,MyLeastPrivilegeRole',
  'dev,123456789012,ReadOnly',
  'Prod Account (Main),234567890123,AdminRole',
  'Prod Account (Main),234567890123,ReadOnly',
  'Prod Account (Main),234567890123,power.user',
  'shared-services,111111111111,AdminRole',
  'shared-services,111111111111,MyLeastPrivilegeRole',
  'Finance & Ops / EU,345678901234,Billing+Admin@x',
  'Finance & Ops / EU,345678901234,ReadOnly',
  "O'Brien sandbox,222222222222,AdminRole",
  "O'Brien sandbox,222222222222,DeveloperAccess",
)

describe("roles without --output prints aws-sso-util 4.33's listing (compiled CLI, emulator)", function () {
  this.timeout(120_000)
  const ctx = useEmulatorHome({scope: 'suite', config: BASE_CONFIG, emulator: {fixture: PARITY_FIXTURE}})
  const cli = everydayCli(
    () => ctx.emu,
    () => ctx.home,
  )

  before(async () => {
    writeTokenFile(ctx.home, PARITY_START_URL, await issueToken(ctx.emu, {startUrl: PARITY_START_URL}), {startUrl: PARITY_START_URL})
  })

  const cases: Array<[string, string[], string]> = [
    ['default: account name, id, role; sorted by name then role', [], PARITY_ROLES],
    ['--no-header', ['--no-header'], PARITY_ROLES.slice(PARITY_ROLES.indexOf('\n') + 1)],
    ['--sort-by name,role', ['--sort-by', 'name,role'], PARITY_ROLES],
    ['--sort-by id,role: the id column first', ['--sort-by', 'id,role'], BY_ID],
    ['--sort-by role,id: role, then id, then name', ['--sort-by', 'role,id'], BY_ROLE_ID],
    ['--sort-by role,name: role, then name, then id', ['--sort-by', 'role,name'], BY_ROLE_NAME],
    ['--separator , streams three fields in the portal order', ['--separator', ','], 'Account name,Account ID,Role name\n' + STREAMED],
    ['--sep with a tab and --no-header', ['--sep', '\t', '--no-header'], STREAMED.replaceAll(',', '\t')],
    [
      '--separator with --sort-by: sorted, joined, not padded',
      ['--sep', ';', '--sort-by', 'role,id'],
      lines(
        'Role name;Account ID;Account name',
        'AdminRole;111111111111;shared-services',
        "AdminRole;222222222222;O'Brien sandbox",
        'AdminRole;234567890123;Prod Account (Main)',
        'Billing+Admin@x;345678901234;Finance & Ops / EU',
        "DeveloperAccess;222222222222;O'Brien sandbox",
        'MyLeastPrivilegeRole;111111111111;shared-services',
        'MyLeastPrivilegeRole;123456789012;dev',
        'ReadOnly;123456789012;dev',
        'ReadOnly;234567890123;Prod Account (Main)',
        'ReadOnly;345678901234;Finance & Ops / EU',
        'power.user;234567890123;Prod Account (Main)',
      ),
    ],
    ['-r patterns (any may match)', PARITY_ADMIN_OR_READ_ONLY.args, PARITY_ADMIN_OR_READ_ONLY.stdout],
    [
      '-a with part of an id (prefix or suffix)',
      ['-a', '1234'],
      lines(
        'Account name       Account ID   Role name           ',
        'Finance & Ops / EU 345678901234 Billing+Admin@x     ',
        'Finance & Ops / EU 345678901234 ReadOnly            ',
        'dev                123456789012 MyLeastPrivilegeRole',
        'dev                123456789012 ReadOnly            ',
      ),
    ],
    [
      '-a with a regular expression for the name',
      ['-a', 'Prod'],
      lines(
        'Account name        Account ID   Role name ',
        'Prod Account (Main) 234567890123 AdminRole ',
        'Prod Account (Main) 234567890123 ReadOnly  ',
        'Prod Account (Main) 234567890123 power.user',
      ),
    ],
    [
      'the hidden --account alias',
      ['--account', '9012'],
      lines(
        'Account name Account ID   Role name           ',
        'dev          123456789012 MyLeastPrivilegeRole',
        'dev          123456789012 ReadOnly            ',
      ),
    ],
  ]
  for (const [title, args, expected] of cases) {
    it(`${title}: roles ${args.join(' ')}`, async () => {
      const r = await cli(['roles', ...args])
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout).to.equal(expected)
      expect(r.stderr).to.equal('')
    })
  }

  describe('RL01: names from the portal cannot drive the terminal', () => {
    const hostile = '\u001B]0;PWN\u0007Evil\u001B[2J corp\u009B31m'

    before(() => {
      ctx.emu.setFixture({
        ...PARITY_FIXTURE,
        accounts: [{accountId: '999999999999', accountName: hostile, emailAddress: 'e@example.com', roles: ['Reader\u001B[31m', 'Ops']}],
      })
    })

    after(() => {
      ctx.emu.setFixture(PARITY_FIXTURE)
    })

    for (const args of [[], ['--sep', ','], ['--sort-by', 'role,id'], ['--output', 'table'], ['--output', 'csv']]) {
      it(`roles ${args.join(' ')}: no escape or control character on stdout, the visible text kept`, async () => {
        const r = await cli(['roles', ...args])
        expect(r.code, describeCli(r)).to.equal(0)
        // eslint-disable-next-line no-control-regex
        expect(r.stdout).to.not.match(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/)
        expect(r.stdout).to.contain('Evil corp')
        expect(r.stdout).to.contain('Reader')
      })
    }

    it('roles --output json keeps the names as the portal sent them, escaped by JSON', async () => {
      const r = await cli(['roles', '--output', 'json'])
      expect(r.code, describeCli(r)).to.equal(0)
      expect(r.stdout).to.not.contain('\u001B')
      expect(JSON.parse(r.stdout)[0].accountName).to.equal(hostile)
    })
  })
})
