import {expect} from 'chai'

import {stsEndpoint} from '../../src/lib/everyday/sts.js'

describe('stsEndpoint: where STS calls go, as messages name it', () => {
  it("each partition's domain: China's regions are under amazonaws.com.cn", () => {
    expect(stsEndpoint('eu-west-1', {})).to.equal('https://sts.eu-west-1.amazonaws.com')
    expect(stsEndpoint('cn-north-1', {})).to.equal('https://sts.cn-north-1.amazonaws.com.cn')
    expect(stsEndpoint('cn-northwest-1', {})).to.equal('https://sts.cn-northwest-1.amazonaws.com.cn')
  })

  it("agrees with the SDK's own endpoint rules, which the calls use when no endpoint is configured", async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
    const {STSClient} = await import('@aws-sdk/client-sts')
    for (const region of ['cn-north-1', 'eu-west-1', 'us-gov-west-1']) {
      const {url} = new STSClient({region}).config.endpointProvider({Region: region, UseFIPS: false, UseDualStack: false, UseGlobalEndpoint: false})
      expect(url.href.replace(/\/$/, ''), region).to.equal(stsEndpoint(region, {}))
    }
  })

  it('AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', () => {
    expect(stsEndpoint('cn-north-1', {AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2'})).to.equal('http://127.0.0.1:1')
    expect(stsEndpoint('us-east-1', {AWS_ENDPOINT_URL: 'http://127.0.0.1:2'})).to.equal('http://127.0.0.1:2')
    expect(stsEndpoint('us-east-1', {AWS_ENDPOINT_URL: 'http://127.0.0.1:2', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true'})).to.equal(
      'https://sts.us-east-1.amazonaws.com',
    )
  })
})
