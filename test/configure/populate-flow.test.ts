import {expect} from 'chai'

import type {PortalAccess, PortalAccount} from '../../src/lib/configure/portal-access.js'

import {parseConfigText} from '../../src/lib/config/parse.js'
import {DEFAULT_COMPONENTS} from '../../src/lib/configure/naming.js'
import {populateProfiles, type PopulateRequest} from '../../src/lib/configure/populate-flow.js'
import {memoryStore} from '../support/fakes.js'

const URL = 'https://d-1234567890.awsapps.com/start'

function portalOf(accounts: Array<PortalAccount & {roles: string[]}>): PortalAccess & {concurrency?: number; progress: number[]} {
  const portal = {
    concurrency: undefined as number | undefined,
    progress: [] as number[],
    listAccounts: async () => accounts.map(({roles: _roles, ...a}) => a),
    async listRoles(
      _instance: unknown,
      asked: readonly PortalAccount[],
      options: {concurrency?: number; onProgress?: (done: number, total: number) => void} = {},
    ) {
      portal.concurrency = options.concurrency
      const out = new Map<string, string[]>()
      for (const [i, account] of asked.entries()) {
        out.set(account.accountId, accounts.find((a) => a.accountId === account.accountId)!.roles)
        options.onProgress?.(i + 1, asked.length)
        portal.progress.push(i + 1)
      }

      return out
    },
  }
  return portal
}

const dir = [
  {accountId: '111111111111', accountName: 'Dev Team', emailAddress: 'd@example.com', roles: ['ReadOnly', 'Admin']},
  {accountId: '222222222222', accountName: 'prod', emailAddress: 'p@example.com', roles: ['ReadOnly']},
]

const request = (over: Partial<PopulateRequest> = {}): PopulateRequest => ({
  startUrl: URL,
  ssoRegion: 'us-east-1',
  regions: ['us-east-1'],
  naming: {components: DEFAULT_COMPONENTS, includeRegion: 'default', regionStyle: 'short', trimAccountName: [], trimRoleName: [], safeAccountNames: true},
  configDefaults: [],
  action: 'keep',
  dryRun: false,
  prune: false,
  ...over,
})

async function populate(over: Partial<PopulateRequest>, options: {text?: string; env?: Record<string, string>; accounts?: typeof dir} = {}) {
  const store = memoryStore(options.text ?? '')
  const out: string[] = []
  const notes: string[] = []
  const portal = portalOf(options.accounts ?? dir)
  const result = await populateProfiles(request(over), {
    env: options.env ?? {},
    store,
    portal,
    credentialProcessPrefix: () => ({prefix: 'aws-sso-util credential-process'}),
    out: (t) => out.push(t),
    note: (l) => notes.push(l),
    progress: {isTTY: false, write() {}},
  })
  return {store, out: out.join(''), notes, result, portal}
}

describe('configure populate flow', () => {
  it('writes one profile per account × role × region, sorted, with the original keys and the marker', async () => {
    const r = await populate({regions: ['us-east-1', 'eu-west-1']})
    expect(r.store.text).to.equal(
      [
        ['Dev-Team.Admin', '111111111111', 'Dev Team', 'Admin', 'us-east-1'],
        ['Dev-Team.Admin.euwe1', '111111111111', 'Dev Team', 'Admin', 'eu-west-1'],
        ['Dev-Team.ReadOnly', '111111111111', 'Dev Team', 'ReadOnly', 'us-east-1'],
        ['Dev-Team.ReadOnly.euwe1', '111111111111', 'Dev Team', 'ReadOnly', 'eu-west-1'],
        ['prod.ReadOnly', '222222222222', 'prod', 'ReadOnly', 'us-east-1'],
        ['prod.ReadOnly.euwe1', '222222222222', 'prod', 'ReadOnly', 'eu-west-1'],
      ]
        .map(([name, id, account, role, region]) =>
          [
            `[profile ${name}]`,
            `sso_start_url = ${URL}`,
            'sso_region = us-east-1',
            `sso_account_name = ${account}`,
            `sso_account_id = ${id}`,
            `sso_role_name = ${role}`,
            `region = ${region}`,
            `credential_process = aws-sso-util credential-process --profile ${name}`,
            'sso_auto_populated = true',
            '',
          ].join('\n'),
        )
        .join('\n'),
    )
    expect(r.notes.at(-1)).to.equal('Wrote 6 profile(s) (6 new, 0 updated, 0 unchanged) in /home/u/.aws/config.')
  })

  it('leaves sso_account_name out when the account has no name of its own', async () => {
    const r = await populate({}, {accounts: [{accountId: '333333333333', accountName: '', emailAddress: 'x@example.com', roles: ['R']}]})
    expect(r.store.text).to.contain('[profile 333333333333.R]\n').and.not.contain('sso_account_name')
  })

  it("asks for every account's roles, 8 accounts at a time (the library keeps that bound: test/lib/bounded.test.ts)", async () => {
    const many = Array.from({length: 40}, (_, i) => ({accountId: String(100_000_000_000 + i), accountName: `a${i}`, emailAddress: 'e', roles: ['R']}))
    const r = await populate({}, {accounts: many})
    expect(r.portal.concurrency).to.equal(8)
    expect(r.portal.progress.at(-1)).to.equal(40)
    expect(r.result.profiles).to.have.length(40)
  })

  it('--dry-run prints a unified diff and writes nothing; the diff applied gives the real run', async () => {
    const text = '# keep me: yes\n[default]\nregion = us-east-1\n'
    const dry = await populate({dryRun: true}, {text})
    expect(dry.store.writes).to.equal(0)
    expect(
      dry.out.startsWith(
        '--- /home/u/.aws/config\n+++ /home/u/.aws/config\n@@ -1,3 +1,33 @@\n # keep me: yes\n [default]\n region = us-east-1\n+\n+[profile Dev-Team.Admin]\n',
      ),
    ).to.equal(true)
    expect(dry.notes.at(-1)).to.equal('Dry run: 3 profile(s) (3 new, 0 updated, 0 unchanged) in /home/u/.aws/config; nothing was written.')
    const real = await populate({}, {text})
    const added = dry.out
      .split('\n')
      .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
      .map((l) => l.slice(1))
    expect(real.store.text).to.equal(text + added.join('\n') + '\n')
  })

  it('a second run changes nothing; --prune removes exactly the marked profiles that are gone', async () => {
    const handWritten = `[profile mine]\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_account_id = 222222222222\nsso_role_name = Old\n`
    const first = await populate({}, {text: handWritten})
    const again = await populate({}, {text: first.store.text})
    expect(again.store.writes).to.equal(0)
    expect(again.notes.at(-1)).to.equal('No changes: 3 profile(s) (0 new, 0 updated, 3 unchanged) in /home/u/.aws/config.')
    const withoutProd = await populate({prune: false}, {text: first.store.text, accounts: [dir[0]]})
    expect(withoutProd.store.writes).to.equal(0)
    const pruned = await populate({prune: true}, {text: first.store.text, accounts: [dir[0]]})
    expect(pruned.result.removed).to.deep.equal(['prod.ReadOnly'])
    expect(pruned.store.text).to.equal(first.store.text.replace(/\n\[profile prod\.ReadOnly][^[]*$/, ''))
    expect(pruned.store.text).to.contain('[profile mine]')
  })

  it('--sso-session creates the section and references it', async () => {
    const r = await populate({ssoSession: 'corp'})
    expect(
      r.store.text.startsWith(
        `[sso-session corp]\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n[profile Dev-Team.Admin]\nsso_session = corp\nsso_account_name = Dev Team\n`,
      ),
    ).to.equal(true)
    expect(r.store.text).not.to.contain('[profile Dev-Team.Admin]\nsso_start_url')
    const missing = await populate({ssoSession: 'nope', startUrl: undefined, ssoRegion: undefined}).catch((error: unknown) => error)
    expect((missing as Error).message).to.equal('/home/u/.aws/config has no [sso-session nope] section; give --sso-start-url and --sso-region to create it.')
  })

  it('-c, --no-credential-process and keep/overwrite/discard on existing profiles', async () => {
    const existing = `[profile prod.ReadOnly]\noutput = yaml\nmine = 1\ncredential_process = old\n`
    // Written by hand for the same account and role: keep mode updates it.
    const same = existing.replace('mine = 1\n', 'mine = 1\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n')
    const keep = await populate({configDefaults: ['output=json', 'cli_pager=less'], credentialProcess: false}, {text: same, accounts: [dir[1]]})
    expect(keep.store.text).to.equal(
      `[profile prod.ReadOnly]\noutput = yaml\nmine = 1\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_account_name = prod\nregion = us-east-1\ncli_pager = less\n`,
    )
    // Without sso_* keys for that account and role it is someone's own profile: keep mode leaves it.
    const other = await populate({configDefaults: ['output=json']}, {text: existing, accounts: [dir[1]]})
    expect(other.store.writes).to.equal(0)
    expect(other.result.skipped).to.deep.equal([
      'Skipped profile "prod.ReadOnly": it has no sso_account_id or sso_role_name, not 222222222222/ReadOnly; left as it is (--existing-config-action overwrite replaces it).',
    ])
    expect(other.notes.slice(-2)).to.deep.equal([
      other.result.skipped[0],
      'No changes: 1 profile(s) (0 new, 0 updated, 0 unchanged, 1 skipped) in /home/u/.aws/config.',
    ])
    // Not marked in keep mode: a hand-written profile must never become something --prune deletes.
    const pruned = await populate({prune: true}, {text: keep.store.text, accounts: [dir[0]]})
    expect(pruned.result.removed).to.deep.equal([])
    const overwrite = await populate({configDefaults: ['output=json'], action: 'overwrite'}, {text: existing, accounts: [dir[1]]})
    expect(overwrite.store.text).to.contain('output = json\nmine = 1\n').and.contain('sso_auto_populated = true\n')
    const discard = await populate({action: 'discard'}, {text: existing, accounts: [dir[1]]})
    expect(discard.store.text).not.to.contain('mine = 1').and.not.to.contain('output')
  })

  it("names an SDK cannot read: the original's name replaced, one line each saying which and why; names used twice are refused", async () => {
    const raw = await populate({naming: {...request().naming, safeAccountNames: false}})
    expect(Object.keys(parseConfigText(raw.store.text).profiles)).to.deep.equal(['Dev-Team.Admin', 'Dev-Team.ReadOnly', 'prod.ReadOnly'])
    expect(raw.notes.slice(1, 3)).to.deep.equal([
      'Profile "Dev-Team.Admin" (111111111111/Admin in us-east-1): aws-sso-util 4.33 named it "Dev Team.Admin", which the AWS SDKs cannot read (it contains whitespace).',
      'Profile "Dev-Team.ReadOnly" (111111111111/ReadOnly in us-east-1): aws-sso-util 4.33 named it "Dev Team.ReadOnly", which the AWS SDKs cannot read (it contains whitespace).',
    ])
    const clash = await populate({naming: {...request().naming, components: 'role_name'}}).catch((error: unknown) => error)
    expect((clash as Error).message).to.equal(
      '1 profile name(s) would be used twice, e.g. "ReadOnly" (111111111111/ReadOnly and 222222222222/ReadOnly); nothing was written. Add account_id to --components or change the trim patterns.',
    )
  })

  it('takes regions and the separator from env', async () => {
    const r = await populate({regions: []}, {env: {AWS_DEFAULT_REGION: 'ap-south-1', AWS_CONFIGURE_SSO_DEFAULT_PROFILE_NAME_SEPARATOR: '_'}})
    expect(r.store.text).to.contain('[profile prod_ReadOnly]\n').and.contain('region = ap-south-1\n')
    const none = await populate({regions: []}).catch((error: unknown) => error)
    expect((none as Error).message).to.equal('Missing --region (or AWS_CONFIGURE_DEFAULT_REGION, AWS_DEFAULT_REGION).')
  })
})
