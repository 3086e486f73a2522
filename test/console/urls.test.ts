import {expect} from 'chai'

import {decodeConfigToken, encodeConfigToken} from '../../src/lib/console/config-token.js'
import {durationFlagSeconds} from '../../src/lib/console/sign-in.js'
import {
  checkConsoleRegion,
  checkTokenDestination,
  checkTokenIssuer,
  consoleDestination,
  federationEndpoint,
  logoutUrl,
  signInUrl,
} from '../../src/lib/console/urls.js'

// What the original aws-sso-util (console.py) computes for the same inputs. One difference by
// design: a URL always has a path here, so a bare host gains its "/" before the query.
describe('console URLs as the original computes them', () => {
  const endpoints: Array<[string | undefined, string]> = [
    [undefined, 'https://signin.aws.amazon.com/federation'],
    ['us-east-1', 'https://signin.aws.amazon.com/federation'],
    ['eu-west-1', 'https://eu-west-1.signin.aws.amazon.com/federation'],
    ['ap-southeast-2', 'https://ap-southeast-2.signin.aws.amazon.com/federation'],
    ['us-gov-west-1', 'https://signin.amazonaws-us-gov.com/federation'],
    ['us-gov-east-1', 'https://us-gov-east-1.signin.amazonaws-us-gov.com/federation'],
    // Not in the original, which sent China regions to a host that does not exist.
    ['cn-north-1', 'https://signin.amazonaws.cn/federation'],
  ]
  for (const [region, url] of endpoints) {
    it(`federation endpoint for ${region ?? 'no region'}`, () => {
      expect(federationEndpoint(region)).to.equal(url)
    })
  }

  // Issue 22 item 1: the region becomes part of the host the credentials are posted to.
  const hostile = ['attacker.example/#', '127.0.0.1:4740/#', 'eu-west-1.evil.example#', 'eu-west-1/', 'EU-WEST-1', 'eu-west-1 ', '', 'us-east-1.', 'x-y-1@evil']
  for (const region of hostile) {
    it(`CN02-CN05: the region ${JSON.stringify(region)} builds no host`, () => {
      expect(() => federationEndpoint(region)).to.throw('is not an AWS region')
      expect(() => consoleDestination('/s3', region)).to.throw('is not an AWS region')
      expect(() => logoutUrl(region)).to.throw('is not an AWS region')
      expect(() => checkConsoleRegion(region, 'the config token')).to.throw(
        `The console region ${JSON.stringify(region)} (from the config token) is not an AWS region.`,
      )
    })
  }

  it('a region of a partition whose console hosts we do not know is refused; a newer region of a known one is accepted', () => {
    expect(() => federationEndpoint('us-iso-east-1')).to.throw('is in the aws-iso partition, whose console sign-in aws-sso-util does not support')
    expect(() => checkConsoleRegion('eu-isoe-west-1')).to.throw('aws-iso-e partition')
    expect(federationEndpoint('eu-west-9')).to.equal('https://eu-west-9.signin.aws.amazon.com/federation')
    expect(federationEndpoint('cn-northwest-1')).to.equal('https://signin.amazonaws.cn/federation')
  })

  const tokenDestinations: Array<[string, string | undefined, string | undefined]> = [
    ['https://console.aws.amazon.com/lambda/home#/functions/my-function?tab=code', undefined, undefined],
    ['https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1', 'eu-west-1', undefined],
    ['https://console.amazonaws-us-gov.com/s3', 'us-gov-west-1', undefined],
    ['https://console.amazonaws.cn/s3', 'cn-north-1', undefined],
    ['https://evil.example/phish', undefined, 'is not an AWS console page.'],
    ['https://console.aws.amazon.com.evil.example/', undefined, 'is not an AWS console page.'],
    ['https://evil.example#.console.aws.amazon.com/', undefined, 'is not an AWS console page.'],
    ['https://x@console.aws.amazon.com/', undefined, 'is not an AWS console page.'],
    ['https://console.aws.amazon.com:8443/', undefined, 'is not an AWS console page.'],
    ['http://console.aws.amazon.com/', undefined, 'is not an AWS console page.'],
    // eslint-disable-next-line no-script-url
    ['javascript:alert(1)', undefined, 'is not an AWS console page.'],
    ['/s3/buckets', undefined, 'is not an AWS console page.'],
    ['https://evil.console.aws.amazon.com/', undefined, 'is not an AWS console page.'],
    // Another partition's console than the sign-in's.
    ['https://console.amazonaws.cn/s3', 'eu-west-1', 'is not an AWS console page.'],
    ['https://console.aws.amazon.com/', 'us-gov-west-1', 'is not an AWS console page of the aws-us-gov partition.'],
  ]
  for (const [destination, region, error] of tokenDestinations) {
    it(`CN07: a token's destination ${destination} in ${region ?? 'no region'} is ${error ? 'refused' : 'kept'}`, () => {
      if (error) expect(() => checkTokenDestination(destination, region)).to.throw(error)
      else expect(checkTokenDestination(destination, region)).to.equal(destination)
    })
  }

  it("a config token's issuer is kept only on its start URL's host, over https", () => {
    const start = 'https://d-1234567890.awsapps.com/start'
    expect(checkTokenIssuer('https://d-1234567890.awsapps.com/start#/', start)).to.equal('https://d-1234567890.awsapps.com/start#/')
    for (const issuer of ['https://evil.example/login', 'http://d-1234567890.awsapps.com/start', 'https://x@d-1234567890.awsapps.com/', 'not a url']) {
      expect(() => checkTokenIssuer(issuer, start), issuer).to.throw(
        `The config token's issuer ${JSON.stringify(issuer)} is not a page of its start URL's host.`,
      )
    }
  })

  it('--duration is minutes as the original takes them (15 to 720), or seconds (900 to 43200) as earlier releases did', () => {
    expect(durationFlagSeconds()).to.equal(undefined)
    expect(durationFlagSeconds(15)).to.equal(900)
    expect(durationFlagSeconds(60)).to.equal(3600)
    expect(durationFlagSeconds(720)).to.equal(43_200)
    expect(durationFlagSeconds(900)).to.equal(900)
    expect(durationFlagSeconds(43_200)).to.equal(43_200)
    for (const bad of [14, 721, 899, 43_201, -60, 0]) expect(() => durationFlagSeconds(bad)).to.throw(`--duration ${bad} is out of range`)
  })

  it('AWS_ENDPOINT_URL_SIGNIN replaces the base, with or without a trailing slash', () => {
    expect(federationEndpoint('eu-west-1', {AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:9/'})).to.equal('http://127.0.0.1:9/federation')
    expect(federationEndpoint(undefined, {AWS_ENDPOINT_URL_SIGNIN: 'https://signin.example.com/base'})).to.equal('https://signin.example.com/base/federation')
    expect(() => federationEndpoint(undefined, {AWS_ENDPOINT_URL_SIGNIN: 'not a url'})).to.throw('AWS_ENDPOINT_URL_SIGNIN is not a URL')
    expect(() => federationEndpoint(undefined, {AWS_ENDPOINT_URL_SIGNIN: 'file:///etc/passwd'})).to.throw('must be an http or https URL')
  })

  const destinations: Array<[string | undefined, string | undefined, boolean, string]> = [
    [undefined, undefined, false, 'https://console.aws.amazon.com/'],
    [undefined, 'eu-west-1', false, 'https://eu-west-1.console.aws.amazon.com/?region=eu-west-1'],
    ['/s3/buckets', 'eu-west-1', false, 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1'],
    ['s3/buckets', 'eu-west-1', false, 'https://eu-west-1.console.aws.amazon.com/s3/buckets?region=eu-west-1'],
    ['/s3/buckets', undefined, false, 'https://console.aws.amazon.com/s3/buckets'],
    // A URL copied from another region's tab keeps its path, query and fragment on this region's host.
    [
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
      'eu-west-1',
      false,
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
    ],
    [
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
      'eu-west-1',
      true,
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
    ],
    ['/cloudwatch/home', 'us-gov-west-1', false, 'https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1'],
    [undefined, 'us-gov-east-1', false, 'https://console.amazonaws-us-gov.com/?region=us-gov-east-1'],
    ['/lambda/home', 'cn-north-1', false, 'https://console.amazonaws.cn/lambda/home?region=cn-north-1'],
  ]
  for (const [path, region, override, url] of destinations) {
    it(`destination ${path ?? '(none)'} in ${region ?? 'no region'}${override ? ', region overridden' : ''}`, () => {
      expect(consoleDestination(path, region, override)).to.equal(url)
    })
  }

  it('logout pages per partition', () => {
    expect(logoutUrl()).to.equal(
      'https://signin.aws.amazon.com/oauth?Action=logout&redirect_uri=https%3A%2F%2Faws.amazon.com%2Fpremiumsupport%2Fknowledge-center%2Fsign-out-account%2F',
    )
    expect(logoutUrl('eu-west-1')).to.match(/^https:\/\/eu-west-1\.signin\.aws\.amazon\.com\/oauth\?Action=logout&redirect_uri=/)
    expect(logoutUrl('us-gov-west-1')).to.equal('https://signin.amazonaws-us-gov.com/oauth?Action=logout')
    expect(logoutUrl('us-gov-east-1')).to.equal('https://us-gov-east-1.signin.amazonaws-us-gov.com/oauth?Action=logout')
  })

  it('the login URL carries Issuer, Destination and SigninToken, encoded', () => {
    const url = new URL(
      signInUrl('https://signin.aws.amazon.com/federation', {
        issuer: 'https://d-1.awsapps.com/start',
        destination: 'https://console.aws.amazon.com/?region=eu-west-1',
        signinToken: 'a+b/c=',
      }),
    )
    expect(url.searchParams.get('Action')).to.equal('login')
    expect(url.searchParams.get('Destination')).to.equal('https://console.aws.amazon.com/?region=eu-west-1')
    expect(url.searchParams.get('SigninToken')).to.equal('a+b/c=')
  })
})

describe('console config tokens', () => {
  it('round-trip, padded as the original writes them, without credentials', () => {
    const config = {
      startUrl: 'https://d-1234567890.awsapps.com/start',
      ssoRegion: 'us-east-1',
      accountId: '123456789012',
      roleName: 'ReadOnly',
      region: 'eu-west-1',
      destination: 'https://eu-west-1.console.aws.amazon.com/?region=eu-west-1',
      durationMinutes: 60,
    }
    const token = encodeConfigToken(config)
    expect(token).to.match(/^[\w-]+=*$/)
    expect(token.length % 4).to.equal(0)
    const json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    expect(json).to.deep.equal({
      v: '1',
      ssourl: config.startUrl,
      ssoreg: 'us-east-1',
      acc: '123456789012',
      rol: 'ReadOnly',
      reg: 'eu-west-1',
      dst: config.destination,
      dur: 60,
    })
    expect(decodeConfigToken(token)).to.deep.equal(config)
    expect(decodeConfigToken(token.replace(/=+$/, ''))).to.deep.equal(config)
  })

  it("reads the long-key token the original's docs print (standard base64, json.dumps spacing)", () => {
    const docs =
      'eyJ2ZXJzaW9uIjogIjEiLCAic3NvX3N0YXJ0X3VybCI6ICJodHRwczovL2V4YW1wbGUuYXdzYXBwcy5jb20vc3RhcnQiLCAic3NvX3JlZ2lvbiI6ICJ1cy1lYXN0LTIiLCAiZmVkZXJhdGlvbl9lbmRwb2ludCI6ICJodHRwczovL3NpZ25pbi5hd3MuYW1hem9uLmNvbS9mZWRlcmF0aW9uIiwgImRlc3RpbmF0aW9uIjogImh0dHBzOi8vY29uc29sZS5hd3MuYW1hem9uLmNvbS9sYW1iZGEvaG9tZSMvZnVuY3Rpb25zL215LWZ1bmN0aW9uP3RhYj1jb2RlIiwgImFjY291bnRfaWQiOiAiMTIzNDU2Nzg5MDEyIiwgInJvbGVfbmFtZSI6ICJEZXZlbG9wZXIifQ=='
    expect(decodeConfigToken(docs)).to.deep.equal({
      startUrl: 'https://example.awsapps.com/start',
      ssoRegion: 'us-east-2',
      federationEndpoint: 'https://signin.aws.amazon.com/federation',
      destination: 'https://console.aws.amazon.com/lambda/home#/functions/my-function?tab=code',
      accountId: '123456789012',
      roleName: 'Developer',
    })
    // The standard alphabet's + and / are read as the URL-safe - and _ are.
    const plus = Buffer.from('{"v":"1","ssourl":"https://d-1.awsapps.com/start","ssoreg":"us-east-1","rol":"a>?~"}').toString('base64')
    expect(plus).to.match(/[+/]/)
    expect(decodeConfigToken(plus).roleName).to.equal('a>?~')
  })

  const bad: Array<[string, string]> = [
    ['not base64!', 'it is not base64url'],
    [Buffer.from('nope').toString('base64url'), 'it does not decode to JSON'],
    [Buffer.from('[1]').toString('base64url'), 'it does not decode to a JSON object'],
    [Buffer.from('{"v":"2","ssourl":"x","ssoreg":"y"}').toString('base64url'), 'version "2" is not 1'],
    [Buffer.from('{"v":"1"}').toString('base64url'), 'it names no start URL and SSO region'],
    [Buffer.from('{"v":"1","ssourl":"x","ssoreg":"y","dur":"60"}').toString('base64url'), 'its duration is not a whole number of minutes'],
  ]
  for (const [token, why] of bad) {
    it(`refuses a token when ${why}`, () => {
      expect(() => decodeConfigToken(token)).to.throw(`The config token is not valid: ${why}.`)
    })
  }
})
