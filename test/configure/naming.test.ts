import {expect} from 'chai'

import {
  clashHint,
  DEFAULT_COMPONENTS,
  DEFAULT_SEPARATOR,
  makeProfileNamer,
  type NamingOptions,
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
  it('abbreviates regions as the original does, GovCloud included', () => {
    expect(shortRegion('us-east-1')).to.equal('usea1')
    expect(shortRegion('ap-northeast-1')).to.equal('apne1')
    expect(shortRegion('ca-central-1')).to.equal('cace1')
    expect(shortRegion('eu-west-2')).to.equal('euwe2')
    expect(shortRegion('ap-southeast-3')).to.equal('apse3')
    expect(shortRegion('us-gov-west-1')).to.equal('usgovwe1')
    expect(shortRegion('il-central-1')).to.equal('ilce1')
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

  it('trims every match of every pattern (Python re.sub semantics), then changes case', () => {
    const name = makeProfileNamer({
      ...base,
      trimAccountName: ['^Dev-', 'ount$'],
      trimRoleName: ['(?<=Administrator)Access', 'x'],
      accountNameCase: 'upper',
      roleNameCase: 'lower',
    })
    expect(name({...dev, regionIndex: 0})).to.equal('ACC.administrator')
  })

  it('--safe-account-names replaces each run of unsafe characters with one dash; --no-safe-account-names keeps them', () => {
    expect(safeAccountName('security (audit)')).to.equal('security-audit')
    expect(safeAccountName('(prod) - payments')).to.equal('prod-payments')
    expect(safeAccountName('a  [b]\tc')).to.equal('a-b-c')
    expect(safeAccountName('ok_name-1.x')).to.equal('ok_name-1.x')
    const raw = makeProfileNamer({...base, safeAccountNames: false})
    expect(raw({...dev, regionIndex: 0})).to.equal('Dev Account.AdministratorAccess')
  })

  it('a cleaned name has no trailing or doubled separator, whatever the parts look like', () => {
    const name = makeProfileNamer(base)
    expect(name({...dev, accountName: 'security (audit)', regionIndex: 0})).to.equal('security-audit.AdministratorAccess')
    expect(name({...dev, accountName: 'dev.', roleName: '.Admin.', regionIndex: 1})).to.equal('dev.Admin.usea1')
    const trimmedAway = makeProfileNamer({...base, trimRoleName: ['^.*$']})
    expect(trimmedAway({...dev, regionIndex: 0})).to.equal('Dev-Account')
    const dashes = makeProfileNamer({...base, separator: '-'})
    expect(dashes({...dev, accountName: 'security (audit)', regionIndex: 0})).to.equal('security-audit-AdministratorAccess')
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
