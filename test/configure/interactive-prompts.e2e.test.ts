import {expect} from 'chai'

import {fetchBrowser} from '../auth/helpers.js'
import {type Emulator, startEmulator} from '../emulator/server.js'
import {SSO_REGION, START_URL} from '../support/sso.js'
import {requireTools} from '../support/system-tools.js'
import {ensureBuilt, repoRoot, runBin, type Sandbox, sandbox} from './cli-support.js'
import {TmuxPane} from './tmux.js'

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
  let emu: Emulator
  let box: Sandbox
  let pane: TmuxPane | undefined

  before(async function () {
    requireTools(this, ['tmux'])
    ensureBuilt()
    emu = await startEmulator({port: 0, autoApprove: true})
  })

  beforeEach(() => {
    box = sandbox()
  })

  afterEach(() => {
    pane?.kill()
    pane = undefined
    box?.remove()
  })

  after(async () => {
    await emu?.close()
  })

  const open = (args: string[], extra: Record<string, string> = {}) => {
    const env = box.env({
      TERM: 'xterm-256color',
      BROWSER: fetchBrowser,
      AWS_ENDPOINT_URL_SSO: emu.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emu.url,
      ...extra,
    })
    pane = new TmuxPane([process.execPath, runBin, ...args], env, repoRoot)
    return pane
  }

  it('a 30-character search term and Enter in one burst pick the one account it matches', async () => {
    emu.setFixture(lookalikeAccounts())
    const term = 'team-payments-workload-staging'
    expect(term).to.have.length(30)
    const t = open(['configure', 'profile', 'burst', '--sso-session', 'corp', '-u', START_URL, '--sso-region', SSO_REGION, '--region', 'eu-west-2', '-o', 'json'])
    await t.waitFor('There are 12 AWS accounts available to you.')
    await t.waitFor('❯ team-billing-workload-dev (500000000030)')
    t.burst(term, 'Enter')
    const screen = await t.waitFor('EXIT=')
    expect(screen).to.contain('Using the account ID 500000000001\n')
    expect(screen).to.contain('EXIT=0')
    expect(box.readConfig()).to.contain('[profile burst]\nsso_session = corp\nsso_account_id = 500000000001\nsso_role_name = Deployer\nregion = eu-west-2\noutput = json\n')
  })
})
