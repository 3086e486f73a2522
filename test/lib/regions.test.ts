import {expect} from 'chai'

import {ConfigError} from '../../src/lib/errors.js'
import {checkRegion, PARTITIONS} from '../../src/lib/regions.js'

function refusal(value: string): string {
  try {
    checkRegion(value)
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError)
    return (error as Error).message
  }

  throw new Error(`${value} was accepted`)
}

describe('regions', () => {
  it("every listed region has its partition's shape and belongs to no other partition", () => {
    for (const partition of PARTITIONS) {
      for (const region of partition.regions) {
        expect(
          PARTITIONS.filter((p) => p.pattern.test(region)).map((p) => p.name),
          region,
        ).to.deep.equal([partition.name])
      }
    }
  })

  it('a known region of any partition passes without a word', () => {
    for (const region of [
      'us-east-1',
      'eu-west-2',
      'ap-southeast-7',
      'mx-central-1',
      'cn-northwest-1',
      'us-gov-west-1',
      'us-iso-east-1',
      'us-isob-east-1',
      'eu-isoe-west-1',
      'us-isof-south-1',
      'eusc-de-east-1',
    ]) {
      expect(checkRegion(region), region).to.equal(undefined)
    }
  })

  it('a well-formed region it does not know is accepted with a one-line warning, naming a near one when there is one', () => {
    expect(checkRegion('us-east-11')).to.equal(
      'Warning: region "us-east-11" is not a region aws-sso-util knows (did you mean us-east-1?); using it as given, in case it is newer than this release.',
    )
    expect(checkRegion('ap-southwest-9', 'SSO region')).to.equal(
      'Warning: SSO region "ap-southwest-9" is not a region aws-sso-util knows; using it as given, in case it is newer than this release.',
    )
    expect(checkRegion('cn-south-1')).to.match(/^Warning: region "cn-south-1" is not a region aws-sso-util knows/)
  })

  it('a value no partition has the shape of is refused, with a guess only when one known region is closest', () => {
    expect(refusal('moon')).to.equal('"moon" is not an AWS region. Use a region code such as us-east-1 or eu-west-2.')
    expect(refusal('useast-1')).to.equal('"useast-1" is not an AWS region; did you mean us-east-1? Use a region code such as us-east-1 or eu-west-2.')
    for (const bad of ['xx-east-1', 'US-EAST-1', 'us-east', ' us-east-1', 'us-east-1 ', 'us_east_1', '']) {
      expect(() => checkRegion(bad), bad).to.throw(ConfigError)
    }
  })
})
