import {expect} from 'chai'

import {type LoopbackListener, startLoopbackListener} from '../../src/lib/auth/loopback.js'

// The listener is what a browser (or anything else on this machine) reaches during a PKCE login:
// only the callback carrying this login's state may end it, and only once.
describe('startLoopbackListener: which requests end the login', () => {
  let listener: LoopbackListener

  beforeEach(async () => {
    listener = await startLoopbackListener('state-1')
  })

  afterEach(() => listener.close())

  const get = async (query: string, path = '/oauth/callback') => {
    const url = new URL(listener.redirectUri)
    const response = await fetch(`${url.origin}${path}${query}`)
    return {status: response.status, body: await response.text()}
  }

  const settled = async (): Promise<unknown> =>
    Promise.race([
      listener.result,
      new Promise((resolve) => {
        setTimeout(() => resolve('pending'), 100)
      }),
    ])

  it('binds 127.0.0.1 and names the callback path in its redirect URI', () => {
    expect(listener.redirectUri).to.match(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/)
  })

  it('another path, another state, or no code is answered and ignored; our callback ends the login once', async () => {
    expect((await get('?code=c1&state=state-1', '/other')).status).to.equal(404)
    const stale = await get('?code=c1&state=state-0')
    expect(stale.status).to.equal(400)
    expect(stale.body).to.contain('This sign-in link is not current')
    expect((await get('?state=state-1')).status).to.equal(400)
    expect(await settled()).to.equal('pending')

    const ours = await get('?code=c1&state=state-1')
    expect(ours.status).to.equal(200)
    expect(ours.body).to.contain('Login complete')
    expect(await settled()).to.deep.equal({code: 'c1'})

    const again = await get('?code=c2&state=state-1')
    expect(again.status).to.equal(400)
    expect(await listener.result).to.deep.equal({code: 'c1'})
  })

  it('an error from the sign-in ends the login with that error, escaped on the page', async () => {
    const page = await get('?error=access_denied%3Cb%3E&error_description=denied&state=state-1')
    expect(page.status).to.equal(200)
    expect(page.body).to.contain('<code>access_denied&#60;b&#62;</code>')
    expect(await listener.result).to.deep.equal({error: 'access_denied<b>', description: 'denied'})
  })
})
