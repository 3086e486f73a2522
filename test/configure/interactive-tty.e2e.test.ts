import {expect} from 'chai'

import {makeFixture} from '../emulator/server.js'
import {configText, profileSection} from '../support/configure-text.js'
import {useEmulatorSandbox} from '../support/sandbox.js'
import {SSO_REGION, START_URL} from '../support/sso.js'
import {useTerminal} from '../support/tmux.js'

const HAND_WRITTEN = `# my config: hands off
[default]
region = us-west-2
; a note = with an equals sign
`

/**
 * The interactive flow in a real terminal: the compiled CLI in a tmux pane, a login that
 * completes against the emulator (auto-approve, BROWSER a no-op), typing, searching, arrow keys,
 * Enter on defaults in brackets, and Ctrl-C.
 */
describe('configure profile in a terminal (tmux)', function () {
  this.timeout(120_000)
  const terminal = useTerminal()
  // The tests build on each other: one config file, and an emulator that is never reset.
  const ctx = useEmulatorSandbox({tools: ['tmux'], emulator: {autoApprove: true}, reset: false, scope: 'suite'})
  const {box} = ctx

  before(() => box.writeConfig(HAND_WRITTEN))

  const open = (args: string[], extra: Record<string, string> = {}) =>
    terminal.openCli(
      args,
      box.env({
        TERM: 'xterm-256color',
        BROWSER: '/bin/true',
        AWS_ENDPOINT_URL_SSO: ctx.emu.url,
        AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url,
        AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL: START_URL,
        AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION: SSO_REGION,
        AWS_CONFIGURE_DEFAULT_REGION: 'eu-west-2',
        ...extra,
      }),
    )

  const dev = {
    sso_start_url: START_URL,
    sso_region: SSO_REGION,
    sso_account_id: '333333333333',
    sso_role_name: 'NetworkAdmin',
    region: 'eu-west-2',
    output: 'json',
  }
  const written = `${HAND_WRITTEN}\n${configText(profileSection('dev', dev))}`

  it('logs in, searches the accounts, picks a role with the arrow keys, takes bracketed defaults, writes the profile', async () => {
    const t = open(['configure', 'profile', 'dev'])
    // No sso-session in the config for that start URL: no default; Enter keeps the profile legacy.
    await t.enterAt('SSO session name (Recommended) [None]:')
    let screen = await t.waitFor(`SSO start URL [${START_URL}]:`)
    expect(screen).to.contain('Note: without an sso-session this profile logs in with a device code and gets no refresh token')
    t.press('Enter')
    await t.enterAt(`SSO Region [${SSO_REGION}]:`)
    screen = await t.waitFor('There are 5 AWS accounts available to you.')
    expect(ctx.emu.stats().CreateToken ?? 0).to.be.greaterThan(0)
    screen = await t.waitFor('security (audit) (777788889999)')
    expect(screen).to.contain('dev (123456789012)').and.contain('prod (210987654321)')
    t.type('shar')
    // The prompt echoes the term and redraws the old, unfiltered list before the search for it
    // settles (a frame a capture can catch, more often on Node 24); wait for the filtered list,
    // its first line right under the term, not for the echo.
    screen = await t.waitFor(/shar *\n❯ shared-services \(333333333333\)\n/)
    expect(screen).not.to.contain('prod (210987654321)')
    t.press('Enter')
    await t.waitFor('Using the account ID 333333333333')
    await t.waitFor('There are 3 roles available to you.')
    await t.waitFor('NetworkAdmin')
    t.press('Down', 'Down', 'Up', 'Enter')
    await t.waitFor('Using the role name "NetworkAdmin"')
    await t.enterAt('CLI default client Region [eu-west-2]:')
    await t.waitFor('CLI default output format [None]:')
    t.type('json')
    t.press('Enter')
    screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('To use this profile, specify the profile name using --profile, as shown:\n\naws s3 ls --profile dev\nEXIT=0')
    expect(box.readConfig()).to.equal(written)
  })

  it('re-prompts an existing profile with its values as defaults; Ctrl-C leaves the file byte-identical', async () => {
    expect(box.readConfig()).to.equal(written)
    const t = open(['configure', 'profile', 'dev'], {AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL: 'https://ignored.awsapps.com/start'})
    await t.enterAt('SSO session name (Recommended) [None]:', `SSO start URL [${START_URL}]:`, `SSO Region [${SSO_REGION}]:`)
    // The current account comes first, so Enter keeps it; the same for the role.
    await t.waitFor('There are 5 AWS accounts available to you.')
    await t.enterAt(/❯ shared-services \(333333333333\)/, /❯ NetworkAdmin/)
    await t.waitFor('CLI default client Region [eu-west-2]:')
    t.type('ap-south')
    t.press('C-c')
    const screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('Cancelled; the config file was not changed.\nEXIT=130')
    expect(box.readConfig()).to.equal(written)
  })

  it('Ctrl-C during the first prompt writes nothing either', async () => {
    const t = open(['configure', 'profile', 'other'])
    await t.waitFor('SSO session name (Recommended) [None]:')
    t.press('C-c')
    const screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('Cancelled; the config file was not changed.\nEXIT=130')
    expect(box.readConfig()).to.equal(written)
  })

  it('configure populate draws a progress bar on a terminal', async () => {
    ctx.emu.setFixture(makeFixture({accounts: 120, rolesPerAccount: 1}))
    ctx.emu.setFault({operation: 'ListAccountRoles', delayMs: 40, count: 120})
    const t = open(['configure', 'populate', '-r', 'us-east-1'])
    const screen = await t.waitFor(/\[#+\.+] +\d+\/120 accounts/, 60_000)
    expect(screen).to.match(/\[#+\.+] +\d+\/120 accounts/)
    const done = await t.waitFor('EXIT=', 60_000)
    expect(done).to.contain('Wrote 120 profile(s) (120 new, 0 updated, 0 unchanged)')
    expect(done).to.contain('EXIT=0')
    // The bar is erased when the listing ends.
    expect(done).not.to.match(/\/120 accounts/)
  })

  it('Ctrl-C during a populate listing stops it and writes nothing', async () => {
    const before = box.readConfig()
    ctx.emu.setFixture(makeFixture({accounts: 200, rolesPerAccount: 1}))
    ctx.emu.setFault({operation: 'ListAccountRoles', delayMs: 100, count: 200})
    const t = open(['configure', 'populate', '-r', 'us-east-1', '--components', 'account_id'])
    await t.waitFor(/\[#*\.+] +\d+\/200 accounts/, 60_000)
    t.press('C-c')
    const screen = await t.waitFor('EXIT=', 30_000)
    expect(screen).to.contain('Interrupted; the config file was not changed.\nEXIT=130')
    expect(box.readConfig()).to.equal(before)
  })
})
