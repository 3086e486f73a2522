import {expect} from 'chai'

import {fetchBrowser} from '../auth/helpers.js'
import {configText, profileSection, ssoSessionSection} from '../support/configure-text.js'
import {useEmulatorSandbox} from '../support/sandbox.js'
import {SSO_REGION, START_URL} from '../support/sso.js'
import {useTerminal} from '../support/tmux.js'

const TEAMS = ['payments', 'identity', 'search', 'billing']
const STAGES = ['dev', 'staging', 'prod']

/**
 * Twelve accounts whose names share long prefixes and suffixes, so that only the whole of a
 * 30-character term narrows the list to one.
 */
function lookalikeAccounts() {
  const accounts = TEAMS.flatMap((team, t) =>
    STAGES.map((stage, s) => ({
      accountId: String(500_000_000_000 + t * 10 + s),
      accountName: `team-${team}-workload-${stage}`,
      emailAddress: `aws+${team}-${stage}@example.com`,
      roles: ['Deployer'],
    })),
  )
  return {user: {name: 'user@example.com'}, startUrls: null, accounts}
}

/** The prompts of `configure profile` in a real terminal (tmux) against the emulator. */
describe('configure profile prompts in a terminal (tmux)', function () {
  this.timeout(120_000)
  const terminal = useTerminal()
  // Every test starts from the emulator's own directory of accounts.
  const ctx = useEmulatorSandbox({tools: ['tmux'], emulator: {autoApprove: true}, reset: {fixture: true}})
  const {box} = ctx

  const open = (args: string[]) =>
    terminal.openCli(args, box.env({TERM: 'xterm-256color', BROWSER: fetchBrowser, AWS_ENDPOINT_URL_SSO: ctx.emu.url, AWS_ENDPOINT_URL_SSO_OIDC: ctx.emu.url}))

  it('a 30-character search term and Enter in one burst pick the one account it matches', async () => {
    ctx.emu.setFixture(lookalikeAccounts())
    const term = 'team-payments-workload-staging'
    expect(term).to.have.length(30)
    const t = open([
      'configure',
      'profile',
      'burst',
      '--sso-session',
      'corp',
      '-u',
      START_URL,
      '--sso-region',
      SSO_REGION,
      '--region',
      'eu-west-2',
      '-o',
      'json',
    ])
    await t.waitFor('There are 12 AWS accounts available to you.')
    await t.waitFor('❯ team-billing-workload-dev (500000000030)')
    t.burst(term, 'Enter')
    const screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('Using the account ID 500000000001\n')
    expect(screen).to.contain('EXIT=0')
    expect(box.readConfig()).to.contain(
      '[profile burst]\nsso_session = corp\nsso_account_id = 500000000001\nsso_role_name = Deployer\nregion = eu-west-2\noutput = json\n',
    )
  })

  const session = configText(ssoSessionSection('corp', START_URL, SSO_REGION))
  const dev = (keys: Record<string, string>) => configText(profileSection('dev', {sso_session: 'corp', ...keys}))

  it('offers the sso-session of the only instance; Enter uses it without asking URL or region; a bad region is refused, an unknown one warned', async () => {
    box.writeConfig(session)
    const t = open(['configure', 'profile', 'dev'])
    await t.enterAt('SSO session name (Recommended) [corp]:')
    await t.waitFor(`Using sso-session corp (${START_URL}, ${SSO_REGION})`)
    await t.enterAt('❯ dev (123456789012)', '❯ AdministratorAccess')
    await t.waitFor('CLI default client Region [None]:')
    t.type('moon')
    t.press('Enter')
    await t.waitFor('"moon" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.')
    t.press('C-u')
    t.type('us-east-11')
    t.press('Enter')
    let screen = await t.waitFor('CLI default output format [None]:')
    expect(screen).to.contain(
      'Warning: region "us-east-11" is not a region aws-sso-util knows (did you mean us-east-1?); using it as given, in case it is newer than this release.',
    )
    t.press('Enter')
    screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('EXIT=0')
    expect(screen).not.to.contain('SSO start URL')
    expect(box.readConfig()).to.equal(`${session}\n${dev({sso_account_id: '123456789012', sso_role_name: 'AdministratorAccess', region: 'us-east-11'})}`)
  })

  it("a new session name asks the start URL and region (the only instance's in brackets) and writes the section; Enter at the CLI region writes none", async () => {
    const legacy = `[profile old]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = 123456789012\nsso_role_name = AdministratorAccess\n`
    box.writeConfig(legacy)
    const t = open(['configure', 'profile', 'dev'])
    await t.waitFor('SSO session name (Recommended) [None]:')
    t.type('corp')
    t.press('Enter')
    await t.waitFor(`SSO start URL [${START_URL}]:`)
    t.type('d-0000000000.awsapps.com/start')
    t.press('Enter')
    // What is wrong with what was typed, and the URL only as an example.
    await t.waitFor('The start URL "d-0000000000.awsapps.com/start" does not start with https://. For example https://d-1234567890.awsapps.com/start.')
    t.press('C-u', 'Enter')
    await t.enterAt(
      `SSO Region [${SSO_REGION}]:`,
      '❯ dev (123456789012)',
      '❯ AdministratorAccess',
      'CLI default client Region [None]:',
      'CLI default output format [None]:',
    )
    const screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('EXIT=0')
    expect(screen).not.to.contain('A value is required.')
    expect(box.readConfig()).to.equal(`${legacy}\n${session}\n${dev({sso_account_id: '123456789012', sso_role_name: 'AdministratorAccess'})}`)
  })
})
