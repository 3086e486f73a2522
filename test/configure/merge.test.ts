import {expect} from 'chai'

import {parseConfigDefaults, wantCredentialProcess} from '../../src/lib/configure/env-defaults.js'
import {mergeProfile, planPrune} from '../../src/lib/configure/merge.js'
import {ConfigError} from '../../src/lib/errors.js'

const existing = {sso_start_url: 'https://old.awsapps.com/start', region: 'eu-west-1', output: 'json', s3: '', 's3.max_concurrent_requests': '20'}

describe('configure values', () => {
  describe('configure merge rules', () => {
    it('keep: -c fills only missing keys; explicit values win; nested keys are not top-level keys', () => {
      const change = mergeProfile({
        existing,
        action: 'keep',
        explicit: [['sso_start_url', 'https://new.awsapps.com/start']],
        defaults: [
          ['output', 'yaml'],
          ['cli_pager', 'less'],
        ],
      })
      expect(change.set).to.deep.equal([
        ['sso_start_url', 'https://new.awsapps.com/start'],
        ['cli_pager', 'less'],
      ])
      expect(change.remove).to.deep.equal([])
      expect(change.result).to.deep.equal({sso_start_url: 'https://new.awsapps.com/start', region: 'eu-west-1', output: 'json', s3: '', cli_pager: 'less'})
    })

    it('overwrite: -c replaces existing keys, but an explicit flag still beats -c', () => {
      const change = mergeProfile({
        existing,
        action: 'overwrite',
        explicit: [['region', 'us-east-2']],
        defaults: [
          ['output', 'yaml'],
          ['region', 'ap-south-1'],
        ],
      })
      expect(change.result.output).to.equal('yaml')
      expect(change.result.region).to.equal('us-east-2')
    })

    it('discard: keys not written are removed (the nested block with its key)', () => {
      const change = mergeProfile({existing, action: 'discard', explicit: [['region', 'eu-west-1']], defaults: []})
      expect(change.set).to.deep.equal([])
      expect(change.remove).to.deep.equal(['sso_start_url', 'output', 's3'])
    })

    it('fallbacks (env defaults) only fill a key nothing else set; -c beats them', () => {
      expect(mergeProfile({existing, action: 'keep', explicit: [], defaults: [], fallbacks: [['region', 'us-west-2']]}).set).to.deep.equal([])
      const fresh = mergeProfile({existing: undefined, action: 'keep', explicit: [], defaults: [['region', 'sa-east-1']], fallbacks: [['region', 'us-west-2']]})
      expect(fresh.result.region).to.equal('sa-east-1')
    })

    it('orders a new section as the original does: sso keys, region, output, -c keys, credential_process, marker', () => {
      const change = mergeProfile({
        existing: undefined,
        action: 'keep',
        explicit: [
          ['region', 'us-east-1'],
          ['sso_role_name', 'R'],
          ['sso_account_id', '123456789012'],
          ['sso_start_url', 'https://x.awsapps.com/start'],
          ['sso_region', 'us-east-1'],
        ],
        defaults: [
          ['zzz', '1'],
          ['aaa', '2'],
        ],
        tail: [
          ['sso_auto_populated', 'true'],
          ['credential_process', 'cp'],
        ],
      })
      expect(change.set.map(([k]) => k)).to.deep.equal([
        'sso_start_url',
        'sso_region',
        'sso_account_id',
        'sso_role_name',
        'region',
        'zzz',
        'aaa',
        'credential_process',
        'sso_auto_populated',
      ])
    })

    it('drop removes a key even when something else would set it', () => {
      const change = mergeProfile({
        existing: {credential_process: 'old', sso_session: 's'},
        action: 'keep',
        explicit: [],
        defaults: [['credential_process', 'x']],
        drop: ['credential_process', 'sso_session'],
      })
      expect(change.remove).to.deep.equal(['credential_process', 'sso_session'])
      expect(change.set).to.deep.equal([])
    })
  })

  describe('configure populate --prune planning', () => {
    const url = 'https://d-1.awsapps.com/start'
    const profiles = {
      'gone.Admin': {sso_start_url: url, sso_auto_populated: 'true'},
      'kept.Admin': {sso_start_url: url, sso_auto_populated: 'true'},
      'hand-written': {sso_start_url: url},
      'other-instance': {sso_start_url: 'https://d-2.awsapps.com/start', sso_auto_populated: 'true'},
      'via-session': {sso_session: 'corp', sso_auto_populated: 'True'},
      // The start URL as a browser copies it, with `#/` and a stray space: still the same instance.
      'copied-url': {sso_start_url: ` ${url}#/`, sso_auto_populated: 'true'},
      'marked-false': {sso_start_url: url, sso_auto_populated: 'false'},
    }

    it('removes only marked profiles of the same instance that this run did not produce', () => {
      const removed = planPrune({profiles, ssoSessions: {corp: {sso_start_url: `${url}/`}}, keep: new Set(['kept.Admin']), startUrl: url})
      expect(removed).to.deep.equal(['copied-url', 'gone.Admin', 'via-session'])
    })
  })

  describe('configure env defaults', () => {
    it('parses -c KEY=VALUE at the first =, last one wins, and refuses malformed items', () => {
      expect(parseConfigDefaults(['a=1', 'b=x=y', 'a=2'])).to.deep.equal([
        ['a', '2'],
        ['b', 'x=y'],
      ])
      expect(() => parseConfigDefaults(['novalue'])).to.throw(ConfigError, /is not KEY=VALUE/)
      expect(() => parseConfigDefaults(['=1'])).to.throw(ConfigError, /is not KEY=VALUE/)
      expect(() => parseConfigDefaults(['Bad Key=1'])).to.throw(ConfigError, /is not a config key/)
    })

    it('credential_process: flag first, then AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS', () => {
      expect(wantCredentialProcess(undefined, {})).to.equal(true)
      expect(wantCredentialProcess(undefined, {AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS: 'true'})).to.equal(false)
      expect(wantCredentialProcess(undefined, {AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS: '1'})).to.equal(false)
      expect(wantCredentialProcess(true, {AWS_CONFIGURE_SSO_DISABLE_CREDENTIAL_PROCESS: 'true'})).to.equal(true)
      expect(wantCredentialProcess(false, {})).to.equal(false)
    })
  })
})
