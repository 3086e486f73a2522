import {expect} from 'chai'

import type {PortalAccess, PortalAccount} from '../../src/lib/configure/portal-access.js'
import type {InputOptions, Prompter, SearchOptions} from '../../src/lib/configure/prompter.js'

import {configureProfile, credentialProcessLine, type ProfileRequest} from '../../src/lib/configure/profile-flow.js'
import {PromptCancelledError} from '../../src/lib/configure/prompter.js'
import {ConfigError} from '../../src/lib/errors.js'
import {configText, profileSection, ssoSessionSection} from '../support/configure-text.js'
import {memoryStore} from '../support/fakes.js'

const URL = 'https://d-1234567890.awsapps.com/start'

type Answer = ((o: InputOptions | SearchOptions<unknown>) => unknown) | string

/** Answers prompts from a script and records what each prompt showed. */
function scripted(answers: Answer[]): Prompter & {asked: Array<{kind: string; message: string; default?: unknown; choices?: unknown[]}>} {
  const asked: Array<{kind: string; message: string; default?: unknown; choices?: unknown[]}> = []
  const next = (o: InputOptions | SearchOptions<unknown>) => {
    const a = answers.shift()
    if (a === undefined) throw new Error(`unexpected prompt: ${o.message}`)
    return typeof a === 'function' ? a(o) : a
  }

  return {
    asked,
    async input(o) {
      asked.push({kind: 'input', message: o.message, default: o.default})
      const a = next(o) as string
      return a === '' ? (o.default ?? '') : a
    },
    async search<T>(o: SearchOptions<T>) {
      asked.push({kind: 'search', message: o.message, default: o.default, choices: o.choices.map((c) => c.name)})
      return next(o as SearchOptions<unknown>) as T
    },
  }
}

const directory: Record<string, {account: PortalAccount; roles: string[]}> = {
  '111111111111': {account: {accountId: '111111111111', accountName: 'dev', emailAddress: 'dev@example.com'}, roles: ['ReadOnly', 'Admin']},
  '222222222222': {account: {accountId: '222222222222', accountName: 'prod', emailAddress: 'prod@example.com'}, roles: ['ReadOnly']},
}

function fakePortal(options: {accounts?: string[]} = {}): PortalAccess {
  return {
    listAccounts: async () => (options.accounts ?? Object.keys(directory)).map((id) => directory[id].account),
    listRoles: async (_instance, accounts) => new Map(accounts.map((a) => [a.accountId, directory[a.accountId].roles])),
  }
}

function run(request: Partial<ProfileRequest>, options: {text?: string; env?: Record<string, string>; prompter?: Prompter; portal?: PortalAccess} = {}) {
  const store = memoryStore(options.text ?? '')
  const said: string[] = []
  const warned: string[] = []
  let promptsLoaded = 0
  const promise = configureProfile(
    {profileName: 'dev', configDefaults: [], action: 'keep', interactive: false, ...request},
    {
      env: options.env ?? {},
      store,
      prompter() {
        promptsLoaded++
        if (!options.prompter) throw new Error('prompted in a non-interactive run')
        return options.prompter
      },
      portal: options.portal ?? fakePortal(),
      credentialProcessPrefix: () => ({prefix: 'aws-sso-util credential-process'}),
      say: (l) => said.push(l),
      warn: (l) => warned.push(l),
    },
  )
  return {promise, store, said, warned, promptsLoaded: () => promptsLoaded}
}

const full = {startUrl: URL, ssoRegion: 'us-east-1', accountId: '111111111111', roleName: 'ReadOnly', region: 'eu-west-1'}
/** What `full` writes: its values under the keys the original tool uses. */
const fullKeys = {sso_start_url: URL, sso_region: 'us-east-1', sso_account_id: '111111111111', sso_role_name: 'ReadOnly', region: 'eu-west-1'}

describe('configure profile flow', () => {
  it('non-interactive: writes the original tool keys in order, and prints how to use the profile', async () => {
    const r = run({...full, output: 'json', configDefaults: ['cli_pager=less']})
    await r.promise
    expect(r.store.text).to.equal(configText(profileSection('dev', {...fullKeys, output: 'json', cli_pager: 'less'})))
    expect(r.said).to.deep.equal(['', 'To use this profile, specify the profile name using --profile, as shown:', '', 'aws s3 ls --profile dev'])
    expect(r.promptsLoaded()).to.equal(0)
  })

  it('non-interactive: names every missing value in one message and writes nothing', async () => {
    const r = run({accountId: '111111111111'}, {text: '# mine\n'})
    const error = await r.promise.catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(ConfigError)
    expect((error as Error).message).to.equal(
      'Missing --sso-start-url (or AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL), --sso-region (or AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION), --role-name, --region (or AWS_CONFIGURE_DEFAULT_REGION, AWS_DEFAULT_REGION) for profile "dev"; nothing was written. Give them as flags, or run in a terminal without --non-interactive to choose.',
    )
    expect(r.store.writes).to.equal(0)
  })

  it('takes start URL, SSO region and region from the env fallbacks in order', async () => {
    const r = run(
      {accountId: '111111111111', roleName: 'ReadOnly'},
      {
        env: {
          AWS_DEFAULT_SSO_START_URL: 'https://ignored.awsapps.com/start',
          AWS_CONFIGURE_DEFAULT_SSO_START_URL: URL,
          AWS_DEFAULT_SSO_REGION: 'ap-south-1',
          AWS_DEFAULT_REGION: 'us-west-1',
          AWS_CONFIGURE_DEFAULT_REGION: 'us-west-2',
        },
      },
    )
    await r.promise
    expect(r.store.text).to.contain(`sso_start_url = ${URL}\nsso_region = ap-south-1\n`).and.contain('region = us-west-2\n')
  })

  it('keeps every other byte: comments with ":" or "=", nested blocks, other sections, CRLF-free formatting', async () => {
    // The file as written by hand, with `dev`'s last lines given.
    const byHand = (devTail: string[]) =>
      [
        '# my config: do not lose this',
        '[profile dev]',
        '# note: region = set by hand',
        'region=eu-central-1',
        's3 =',
        '    max_concurrent_requests = 20',
        ...devTail,
        '',
        '[profile other]',
        'region = us-east-1',
        '',
      ].join('\n')
    const r = run({startUrl: URL, ssoRegion: 'us-east-1', accountId: '111111111111', roleName: 'ReadOnly'}, {text: byHand(['sso_role_name = Old'])})
    await r.promise
    // The role is set in place; the other keys follow the section's own, the command line last.
    expect(r.store.text).to.equal(
      byHand([
        'sso_role_name = ReadOnly',
        `sso_start_url = ${URL}`,
        'sso_region = us-east-1',
        'sso_account_id = 111111111111',
        'credential_process = aws-sso-util credential-process --profile dev',
      ]),
    )
  })

  it('interactive: existing values are the defaults, and Enter keeps them all', async () => {
    const before = `[profile dev]\nsso_start_url = ${URL}\nsso_region = us-east-2\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = eu-west-1\noutput = yaml\ncredential_process = aws-sso-util credential-process --profile dev\n`
    const prompter = scripted(['', '', '', (o) => (o as SearchOptions<string>).default, '', ''])
    const r = run({interactive: true}, {text: before, prompter})
    await r.promise
    expect(r.store.text).to.equal(before)
    expect(r.store.writes).to.equal(0)
    expect(prompter.asked).to.deep.equal([
      {kind: 'input', message: 'SSO session name (Recommended)', default: undefined},
      {kind: 'input', message: 'SSO start URL', default: URL},
      {kind: 'input', message: 'SSO Region', default: 'us-east-2'},
      {kind: 'search', message: 'Select an account (type to search)', default: '222222222222', choices: ['dev (111111111111)', 'prod (222222222222)']},
      {kind: 'input', message: 'CLI default client Region', default: 'eu-west-1'},
      {kind: 'input', message: 'CLI default output format', default: 'yaml'},
    ])
    expect(r.said.slice(0, 4)).to.deep.equal([
      'There are 2 AWS accounts available to you.',
      'Using the account ID 222222222222',
      'The only role available to you is: ReadOnly',
      'Using the role name "ReadOnly"',
    ])
  })

  it('interactive, but every required value given as a flag: asks nothing', async () => {
    const r = run({...full, interactive: true})
    await r.promise
    expect(r.promptsLoaded()).to.equal(0)
    expect(r.store.text).to.contain('sso_role_name = ReadOnly\nregion = eu-west-1\n')
  })

  it('interactive: one account is picked without asking; several roles are searched', async () => {
    const prompter = scripted(['', URL, 'us-east-1', 'Admin', 'ap-southeast-2', ''])
    const r = run({interactive: true}, {prompter, portal: fakePortal({accounts: ['111111111111']})})
    await r.promise
    expect(r.said.slice(0, 4)).to.deep.equal([
      'The only AWS account available to you is: dev (111111111111)',
      'Using the account ID 111111111111',
      'There are 2 roles available to you.',
      'Using the role name "Admin"',
    ])
    expect(prompter.asked[3]).to.deep.include({kind: 'search', choices: ['Admin', 'ReadOnly']})
    expect(r.store.text).to.contain('sso_role_name = Admin\nregion = ap-southeast-2\ncredential_process')
    expect(r.store.text).not.to.contain('output')
  })

  it('Ctrl-C in a prompt writes nothing', async () => {
    const text = '[default]\nregion = us-east-1\n'
    const r = run(
      {interactive: true},
      {
        text,
        prompter: scripted([
          '',
          URL,
          () => {
            throw new PromptCancelledError()
          },
        ]),
      },
    )
    const error = await r.promise.catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(PromptCancelledError)
    expect(r.store.writes).to.equal(0)
    expect(r.store.text).to.equal(text)
  })

  it('--sso-session writes the section once and references it; a second profile reuses it', async () => {
    const r = run({...full, ssoSession: 'corp'})
    await r.promise
    expect(r.store.text).to.equal(
      configText(
        ssoSessionSection('corp', URL, 'us-east-1'),
        profileSection('dev', {sso_session: 'corp', sso_account_id: '111111111111', sso_role_name: 'ReadOnly', region: 'eu-west-1'}),
      ),
    )
    const second = run({profileName: 'prod', ssoSession: 'corp', accountId: '222222222222', roleName: 'ReadOnly', region: 'eu-west-1'}, {text: r.store.text})
    await second.promise
    expect(second.store.text.match(/\[sso-session corp]/g)).to.have.length(1)
    expect(second.store.text).to.contain('[profile prod]\nsso_session = corp\n')
    const conflicting = run({...full, profileName: 'x', startUrl: 'https://other.awsapps.com/start', ssoSession: 'corp'}, {text: r.store.text})
    const error = await conflicting.promise.catch((error_: unknown) => error_)
    expect((error as Error).message).to.equal(
      `[sso-session corp] already has sso_start_url = ${URL}, not https://other.awsapps.com/start; leave --sso-start-url out or choose another --sso-session name.`,
    )
  })

  it('switching a profile to an sso-session removes its own start URL and region', async () => {
    const before = `[profile dev]\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\nregion = eu-west-1\n`
    const r = run({ssoSession: 'corp'}, {text: before, env: {AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL: URL, AWS_CONFIGURE_SSO_DEFAULT_SSO_REGION: 'us-east-1'}})
    await r.promise
    expect(r.store.text).to.contain('[profile dev]\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\nregion = eu-west-1\nsso_session = corp\n')
  })

  it('refuses names botocore cannot read back, and values with line breaks, before anything else', async () => {
    for (const name of [' my prof', 'a[b]', 'x\ny', '']) {
      const error = await run({...full, profileName: name}).promise.catch((error_: unknown) => error_)
      expect(error, name).to.be.instanceOf(ConfigError)
      expect((error as Error).message).to.match(/^Invalid profile name/)
    }

    const error = await run({...full, configDefaults: ['cli_pager=a\nb']}).promise.catch((error_: unknown) => error_)
    expect((error as Error).message).to.match(/^Invalid value for cli_pager .*line break/)
  })

  it('quotes the name on the credential_process line; a leading dash uses --profile=', () => {
    expect(credentialProcessLine('aws-sso-util credential-process', 'a.b@c+d%e:f/g')).to.equal('aws-sso-util credential-process --profile a.b@c+d%e:f/g')
    expect(credentialProcessLine('aws-sso-util credential-process', '-x')).to.equal('aws-sso-util credential-process --profile=-x')
  })

  it('a process-only line carries the instance, account and role, each as --flag VALUE', () => {
    const prefix = 'aws-sso-util credential-process'
    expect(credentialProcessLine(prefix, 'po', {ssoSession: 'my sso', accountId: '123456789012', roleName: 'Admin'})).to.equal(
      `${prefix} --profile po --sso-session 'my sso' --account-id 123456789012 --role-name Admin`,
    )
    expect(credentialProcessLine(prefix, 'po', {startUrl: URL, ssoRegion: 'eu-west-1', accountId: '123456789012', roleName: '-odd'})).to.equal(
      `${prefix} --profile po --sso-start-url ${URL} --sso-region eu-west-1 --account-id 123456789012 --role-name=-odd`,
    )
  })
})

describe('configure profile flow: sso-session, instance defaults, optional region', () => {
  const OTHER = 'https://other.awsapps.com/start'
  const sessions = `[sso-session corp]\nsso_start_url = ${URL}\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n\n[sso-session other]\nsso_start_url = ${OTHER}\nsso_region = us-east-1\n`
  const LEGACY_NOTE =
    'Note: without an sso-session this profile logs in with a device code and gets no refresh token, so each time its token expires it needs a new login in the browser.'

  it('offers the sso-session of the start URL that applies; Enter uses it and asks no start URL or region', async () => {
    const prompter = scripted(['', '111111111111', 'Admin', '', ''])
    const r = run({interactive: true}, {text: sessions, prompter, env: {AWS_CONFIGURE_SSO_DEFAULT_SSO_START_URL: `${URL}/`}})
    await r.promise
    expect(prompter.asked.map((a) => [a.message, a.default])).to.deep.equal([
      ['SSO session name (Recommended)', 'corp'],
      ['Select an account (type to search)', undefined],
      ['Select a role (type to search)', undefined],
      ['CLI default client Region', undefined],
      ['CLI default output format', undefined],
    ])
    expect(r.said[0]).to.equal(`Using sso-session corp (${URL}, eu-west-1)`)
    expect(r.warned).to.deep.equal([])
    // Enter at the region prompt with no default: no region key, as `aws configure sso` does.
    expect(r.store.text).to.equal(
      `${sessions}\n[profile dev]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Admin\ncredential_process = aws-sso-util credential-process --profile dev\n`,
    )
  })

  it('the only instance in the config is the default: its sso-session, or else its start URL and region', async () => {
    const onlySession = `[sso-session corp]\nsso_start_url = ${URL}\nsso_region = eu-west-1\n`
    const viaSession = scripted(['', '111111111111', 'Admin', '', ''])
    await run({interactive: true}, {text: onlySession, prompter: viaSession}).promise
    expect(viaSession.asked[0]).to.deep.include({message: 'SSO session name (Recommended)', default: 'corp'})

    const legacy = `[profile old]\nsso_start_url = ${OTHER}\nsso_region = ap-south-1\nsso_account_id = 111111111111\nsso_role_name = Admin\n`
    const prompter = scripted(['', '', '', '111111111111', 'Admin', 'eu-west-2', ''])
    const r = run({interactive: true}, {text: legacy, prompter})
    await r.promise
    expect(prompter.asked.slice(0, 3).map((a) => [a.message, a.default])).to.deep.equal([
      ['SSO session name (Recommended)', undefined],
      ['SSO start URL', OTHER],
      ['SSO Region', 'ap-south-1'],
    ])
    expect(r.store.text).to.contain(`[profile dev]\nsso_start_url = ${OTHER}\nsso_region = ap-south-1\n`)
  })

  it('a new session name asks start URL and region and writes an [sso-session] section for it', async () => {
    const messages: Array<string | undefined> = []
    const ssoRegion = (o: InputOptions | SearchOptions<unknown>) => {
      const validate = (o as InputOptions).validate!
      messages.push(validate(''), validate('moon'), validate('ap-southeast-2'))
      return 'ap-southeast-2'
    }

    const prompter = scripted(['team', OTHER, ssoRegion, '111111111111', 'ReadOnly', 'eu-west-2', ''])
    const r = run({interactive: true}, {text: sessions, prompter})
    await r.promise
    expect(prompter.asked[0]).to.deep.include({default: undefined})
    // The SSO region has no "none": it is required, and checked like the profile's.
    expect(messages).to.deep.equal(['A value is required.', '"moon" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.', undefined])
    expect(r.store.text).to.equal(
      `${sessions}\n[sso-session team]\nsso_start_url = ${OTHER}\nsso_region = ap-southeast-2\nsso_registration_scopes = sso:account:access\n\n[profile dev]\nsso_session = team\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\nregion = eu-west-2\ncredential_process = aws-sso-util credential-process --profile dev\n`,
    )
    expect(r.warned).to.deep.equal([])
  })

  it('an empty session name with no default writes a legacy profile and says on stderr what that costs', async () => {
    const prompter = scripted(['', URL, 'us-east-1', '111111111111', 'ReadOnly', '', ''])
    const r = run({interactive: true}, {prompter})
    await r.promise
    expect(r.warned).to.deep.equal([LEGACY_NOTE])
    expect(r.store.text).to.equal(
      `[profile dev]\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = ReadOnly\ncredential_process = aws-sso-util credential-process --profile dev\n`,
    )
  })

  it('the session name prompt refuses a bad name, an incomplete section and one that contradicts a flag', async () => {
    const text = `${sessions}\n[sso-session broken]\nsso_region = us-east-1\n`
    const messages: Array<string | undefined> = []
    const prompter = scripted([
      (o) => {
        const validate = (o as InputOptions).validate!
        messages.push(validate('my session'), validate('broken'), validate('corp'), validate('other'), validate('new-one'))
        return 'other'
      },
      '111111111111',
      'Admin',
      '',
      '',
    ])
    const r = run({interactive: true, startUrl: OTHER}, {text, prompter})
    await r.promise
    expect(messages).to.deep.equal([
      'Invalid sso-session name "my session": it contains whitespace. Use only letters, digits and - _ @ + . % : / so that both the AWS CLI and the JavaScript SDK can read it.',
      `[sso-session broken] in ${r.store.path} lacks sso_start_url or sso_region; choose another name, or fix that section.`,
      `[sso-session corp] has sso_start_url = ${URL}, not ${OTHER} (--sso-start-url); choose another name.`,
      undefined,
      undefined,
    ])
    // The flag's start URL picks the default too.
    expect(prompter.asked[0]).to.deep.include({default: 'other'})
    expect(r.store.text).to.contain('[profile dev]\nsso_session = other\n')
  })

  it('regions: a malformed one is refused, an unknown well-formed one is written with a warning', async () => {
    const refused = run({...full, ssoRegion: 'xx-east-1'})
    const error = await refused.promise.catch((error_: unknown) => error_)
    expect((error as Error).message).to.equal('"xx-east-1" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.')
    expect(refused.store.writes).to.equal(0)

    const warned = run({...full, region: 'us-east-11'})
    await warned.promise
    expect(warned.warned).to.deep.equal([
      'Warning: --region "us-east-11" is not a region aws-sso-util knows (did you mean us-east-1?); using it as given, in case it is newer than this release.',
    ])
    expect(warned.store.text).to.contain('region = us-east-11\n')

    const messages: Array<string | undefined> = []
    const prompter = scripted([
      '',
      URL,
      'us-east-1',
      '111111111111',
      'ReadOnly',
      (o) => {
        const validate = (o as InputOptions).validate!
        messages.push(validate('moon'), validate('us-east1'), validate(''), validate('ap-south-9'))
        return 'ap-south-9'
      },
      '',
    ])
    const asked = run({interactive: true}, {prompter})
    await asked.promise
    expect(messages).to.deep.equal([
      '"moon" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.',
      '"us-east1" is not an AWS region; did you mean us-east-1? Use a region code such as us-east-1 or eu-west-2.',
      undefined,
      undefined,
    ])
    expect(asked.warned.at(-1)).to.equal(
      'Warning: region "ap-south-9" is not a region aws-sso-util knows; using it as given, in case it is newer than this release.',
    )
    expect(asked.store.text).to.contain('region = ap-south-9\n')
  })
})
