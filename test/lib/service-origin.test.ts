import {SSOClient} from '@aws-sdk/client-sso'
import {SSOOIDCClient} from '@aws-sdk/client-sso-oidc'
import {expect} from 'chai'

import {oidcOrigin} from '../../src/lib/auth/oidc-client.js'
import {serviceOrigin} from '../../src/lib/partitions.js'
import {portalEndpoint} from '../../src/lib/portal.js'
import {PARTITIONS} from '../../src/lib/regions.js'

/** The origin the SDK client itself resolves for a region: the reference every hand-named host must match. */
async function sdkOrigin(client: SSOClient | SSOOIDCClient, region: string): Promise<string> {
  const endpoint = client.config.endpointProvider({Region: region, UseFIPS: false, UseDualStack: false})
  client.destroy()
  return new URL(endpoint.url.href).origin
}

describe('endpoint hosts named outside the SDK clients match the ones the clients resolve', () => {
  const regions = PARTITIONS.flatMap((p) => p.regions)

  it('issue 25: cn-north-1 is under amazonaws.com.cn for the OIDC and portal hosts', () => {
    expect(oidcOrigin('cn-north-1', {})).to.equal('https://oidc.cn-north-1.amazonaws.com.cn')
    expect(portalEndpoint('cn-north-1', {})).to.equal('https://portal.sso.cn-north-1.amazonaws.com.cn')
  })

  it(`the OIDC host for every known region (${regions.length}) is the SSOOIDCClient's`, async () => {
    for (const region of regions) {
      expect(oidcOrigin(region, {}), region).to.equal(await sdkOrigin(new SSOOIDCClient({region}), region))
    }
  })

  it(`the portal host for every known region (${regions.length}) is the SSOClient's`, async () => {
    for (const region of regions) {
      expect(portalEndpoint(region, {}), region).to.equal(await sdkOrigin(new SSOClient({region}), region))
    }
  })

  it('a region of no known partition gets the aws suffix, as the SDK gives it', async () => {
    expect(serviceOrigin('oidc', 'xx-newplace-1')).to.equal(await sdkOrigin(new SSOOIDCClient({region: 'xx-newplace-1'}), 'xx-newplace-1'))
  })

  it('a configured endpoint wins unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true', () => {
    const env = {AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9/', AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:8/x'}
    expect(portalEndpoint('eu-west-1', env)).to.equal('http://127.0.0.1:9/')
    expect(oidcOrigin('eu-west-1', env)).to.equal('http://127.0.0.1:8')
    const ignored = {...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'}
    expect(portalEndpoint('eu-west-1', ignored)).to.equal('https://portal.sso.eu-west-1.amazonaws.com')
    expect(oidcOrigin('eu-west-1', ignored)).to.equal('https://oidc.eu-west-1.amazonaws.com')
  })
})
