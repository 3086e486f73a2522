import {expect} from 'chai'
import {parseArgs} from 'node:util'

import {parseSlimArgs} from '../../src/fast/slim-args.js'

const strings = new Set(['account-id', 'profile', 'region', 'role-name', 'sso-region', 'sso-start-url', 'start-url'])
const booleans = new Set(['debug', 'force-refresh', 'no-login'])
const options = Object.fromEntries([...[...strings].map((n) => [n, {type: 'string' as const}]), ...[...booleans].map((n) => [n, {type: 'boolean' as const}])])

/** What node's strict parseArgs makes of argv, or undefined where it throws. */
function reference(argv: string[]) {
  try {
    return {...parseArgs({args: argv, options, strict: true, allowPositionals: false}).values}
  } catch {}
}

describe('fast path: the slim argument parser', () => {
  const accepted: string[][] = [
    [],
    ['--profile', 'dev'],
    ['--profile=dev'],
    ['--profile='],
    ['--profile=a=b'],
    ['--profile', 'dev', '--debug', '--no-login', '--force-refresh'],
    ['--start-url', 'https://x.awsapps.com/start', '--region', 'eu-west-1', '--account-id', '123456789012', '--role-name', 'R'],
    ['--sso-start-url=https://x.awsapps.com/start', '--sso-region=us-east-1'],
    ['--profile', 'a', '--profile', 'b'],
    ['--profile', ''],
  ]
  for (const argv of accepted) {
    it(`reads ${JSON.stringify(argv)} as node's parseArgs does`, () => {
      expect(reference(argv)).not.to.equal(undefined)
      expect(parseSlimArgs(argv, strings, booleans)).to.deep.equal(reference(argv))
    })
  }

  const declined: string[][] = [
    ['--help'],
    ['-h'],
    ['--profile'],
    ['--profile', '--debug'],
    ['--profile', '-x'],
    ['--debug=true'],
    ['--debug=false'],
    ['--', '--profile', 'dev'],
    ['dev'],
    ['--profile', 'dev', 'extra'],
    ['--unknown'],
    ['--Profile', 'dev'],
    ['-p', 'dev'],
  ]
  for (const argv of declined) {
    it(`leaves ${JSON.stringify(argv)} to oclif`, () => {
      expect(parseSlimArgs(argv, strings, booleans)).to.equal(undefined)
    })
  }

  it('declines every command line node refuses too (differential, 2,000 generated lines)', () => {
    const pieces = [
      '--profile',
      '--profile=p',
      '--debug',
      '--debug=1',
      '--no-login',
      'dev',
      '-',
      '-x',
      '--',
      '--region',
      'us-east-1',
      '--role-name=',
      '--nope',
      '',
    ]
    let seed = 7
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      return seed
    }

    for (let n = 0; n < 2000; n++) {
      const argv = Array.from({length: next() % 5}, () => pieces[next() % pieces.length])
      const slim = parseSlimArgs(argv, strings, booleans)
      if (slim !== undefined) expect(slim, JSON.stringify(argv)).to.deep.equal(reference(argv))
    }
  })
})
