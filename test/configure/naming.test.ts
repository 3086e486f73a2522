import {expect} from 'chai'

import {
  clashHint,
  DEFAULT_COMPONENTS,
  DEFAULT_SEPARATOR,
  makeProfileNamer,
  type NameCase,
  type NamingOptions,
  originalSafeAccountName,
  safeAccountName,
  shortRegion,
} from '../../src/lib/configure/naming.js'
import {ConfigError} from '../../src/lib/errors.js'

const base: NamingOptions = {
  components: DEFAULT_COMPONENTS,
  separator: DEFAULT_SEPARATOR,
  includeRegion: 'default',
  regionStyle: 'short',
  trimAccountName: [],
  trimRoleName: [],
  safeAccountNames: true,
}

const dev = {accountId: '123456789012', accountName: 'Dev Account', roleName: 'AdministratorAccess', region: 'us-east-1'}

describe('configure populate profile names', () => {
  it('abbreviates regions as the original does: GovCloud as gov…, other partitions keep their dash', () => {
    const cases = {
      'us-east-1': 'usea1',
      'ap-northeast-1': 'apne1',
      'ca-central-1': 'cace1',
      'eu-west-2': 'euwe2',
      'ap-southeast-3': 'apse3',
      'us-gov-west-1': 'govwe1',
      'us-isob-east-1': 'us-isobea1',
      local: 'local',
      'il-central-1': 'ilce1',
    }
    for (const [region, short] of Object.entries(cases)) expect(shortRegion(region), region).to.equal(short)
  })

  it('leaves the first region out by default and adds the short form for the others', () => {
    const name = makeProfileNamer(base)
    expect(name({...dev, regionIndex: 0})).to.equal('Dev-Account.AdministratorAccess')
    expect(name({...dev, region: 'eu-west-1', regionIndex: 1})).to.equal('Dev-Account.AdministratorAccess.euwe1')
  })

  it('--include-region always and --region-style long', () => {
    const name = makeProfileNamer({...base, includeRegion: 'always', regionStyle: 'long'})
    expect(name({...dev, regionIndex: 0})).to.equal('Dev-Account.AdministratorAccess.us-east-1')
  })

  it('--components with ids, literals and an explicit region component; --separator', () => {
    const name = makeProfileNamer({...base, components: 'sso,account_number,role_name,short_region', separator: '-'})
    expect(name({...dev, regionIndex: 0})).to.equal('sso-123456789012-AdministratorAccess')
    expect(name({...dev, regionIndex: 2})).to.equal('sso-123456789012-AdministratorAccess-usea1')
    const byId = makeProfileNamer({...base, components: 'account_id,region', includeRegion: 'always'})
    expect(byId({...dev, regionIndex: 0})).to.equal('123456789012.us-east-1')
  })

  it('never looks a literal component up on the object prototype', () => {
    const name = makeProfileNamer({...base, components: 'constructor,role_name'})
    expect(name({...dev, regionIndex: 0})).to.equal('constructor.AdministratorAccess')
  })

  it('changes case first, then trims every match of every pattern (Python re.sub semantics), as the original nests them', () => {
    const name = makeProfileNamer({
      ...base,
      trimAccountName: ['^DEV-', 'OUNT$', '^Dev-'],
      trimRoleName: ['(?<=administrator)access', 'x', '(?P<a>s)(?P=a)'],
      accountNameCase: 'upper',
      roleNameCase: 'lower',
    })
    expect(name({...dev, regionIndex: 0})).to.equal('ACC.administrator')
  })

  it('--safe-account-names replaces runs of whitespace and brackets with one dash, as the original; --no-safe-account-names keeps them; the stricter form is for names an SDK cannot read', () => {
    const cases: Array<[string, string, string]> = [
      // name, as the original makes it safe, as the stricter form does
      ['security (audit)', 'security-(audit)', 'security-audit'],
      [' [old]  sandbox ', 'old-sandbox', 'old-sandbox'],
      ['a  [b]\tc', 'a-b-c', 'a-b-c'],
      ['(prod) - payments', '(prod)---payments', 'prod-payments'],
      ['ok_name-1.x', 'ok_name-1.x', 'ok_name-1.x'],
    ]
    for (const [name, original, strict] of cases) {
      expect(originalSafeAccountName(name), name).to.equal(original)
      expect(safeAccountName(name), name).to.equal(strict)
    }

    const raw = makeProfileNamer({...base, safeAccountNames: false})
    expect(raw({...dev, regionIndex: 0})).to.equal('Dev Account.AdministratorAccess')
    const strict = makeProfileNamer(base, safeAccountName)
    expect(strict({...dev, accountName: 'security (audit)', regionIndex: 0})).to.equal('security-audit.AdministratorAccess')
  })

  it("joins the parts as the original's format string does: an empty or dotted part keeps its separators", () => {
    const name = makeProfileNamer(base)
    expect(name({...dev, accountName: 'dev.', roleName: '.Admin.', regionIndex: 1})).to.equal('dev...Admin..usea1')
    const trimmedAway = makeProfileNamer({...base, trimRoleName: ['^.*$']})
    expect(trimmedAway({...dev, regionIndex: 0})).to.equal('Dev-Account.')
  })

  it("--account-name-case and --role-name-case with Python's capitalize, casefold and title", () => {
    const words = {...dev, accountName: "o'brien STRASSE ß", roleName: 'billing+admin@x 1st', regionIndex: 0}
    const withCases = (accountNameCase: NameCase, roleNameCase: NameCase) => makeProfileNamer({...base, accountNameCase, roleNameCase})(words)
    expect(withCases('capitalize', 'title')).to.equal("O'brien-strasse-ß.Billing+Admin@X 1St")
    expect(withCases('casefold', 'capitalize')).to.equal("o'brien-strasse-ss.Billing+admin@x 1st")
    expect(withCases('title', 'upper')).to.equal("O'Brien-Strasse-Ss.BILLING+ADMIN@X 1ST")
  })

  it('refuses a bad pattern with the flag named', () => {
    expect(() => makeProfileNamer({...base, trimRoleName: ['(']})).to.throw(ConfigError, /--trim-role-name "\(" is not a valid regular expression/)
    expect(() => makeProfileNamer({...base, components: ' , '})).to.throw(ConfigError, /--components is empty/)
  })

  describe('clashHint', () => {
    const a = {accountId: '111111111111', roleName: 'Admin', region: 'us-east-1'}

    it('names only the components that tell the profiles apart and are not used yet', () => {
      expect(clashHint('role_name', [[a, {...a, accountId: '222222222222'}]])).to.equal('Add account_id to --components or change the trim patterns.')
      expect(clashHint('account_id', [[a, {...a, roleName: 'ReadOnly'}]])).to.equal('Add role_name to --components or change the trim patterns.')
      expect(clashHint('account_number', [[a, {...a, accountId: '2', roleName: 'R'}]])).to.equal('Add role_name to --components or change the trim patterns.')
      expect(
        clashHint('account_name,role_name', [
          [a, {...a, region: 'eu-west-1'}],
          [a, {...a, accountId: '2'}],
        ]),
      ).to.equal('Add region and account_id to --components or change the trim patterns.')
    })

    it('when every such component is used, points at the options that made the values equal', () => {
      expect(clashHint('account_id, role_name,short_region', [[a, {...a, roleName: 'Admin2'}]])).to.equal(
        '--components already has what tells them apart (account_id,role_name,short_region), so --trim-account-name/--trim-role-name, the case options or --separator made them equal: change those, or name the profiles with --profile-name-process.',
      )
    })
  })
})
