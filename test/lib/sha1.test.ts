import {expect} from 'chai'
import {createHash, randomBytes} from 'node:crypto'

import {sha1Hex} from '../../src/lib/cache/sha1.js'

describe('sha1Hex', () => {
  it('matches node:crypto on block boundaries, non-ASCII text and random strings', () => {
    const inputs = [
      '',
      'a',
      'my-sso',
      'https://d-0000000000.awsapps.com/start',
      'é日本🙂',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(63),
      'x'.repeat(64),
      'y'.repeat(1000),
    ]
    for (let i = 0; i < 200; i++) inputs.push(randomBytes(i).toString('latin1'))
    for (const input of inputs) expect(sha1Hex(input), JSON.stringify(input)).to.equal(createHash('sha1').update(input, 'utf8').digest('hex'))
  })
})
