import {expect} from 'chai'

import {splitKeepingEol} from '../../src/lib/config/lines.js'

describe('config lines: split as Python reads them, endings kept', () => {
  it(String.raw`splits at \r\n, \n and a lone \r, and joins back byte for byte`, () => {
    const text = '[a]\r\nx = 1\ny = 2\rz = 3'
    const lines = splitKeepingEol(text)
    expect(lines).to.deep.equal([
      {text: '[a]', eol: '\r\n'},
      {text: 'x = 1', eol: '\n'},
      {text: 'y = 2', eol: '\r'},
      {text: 'z = 3', eol: ''},
    ])
    expect(lines.map((l) => l.text + l.eol).join('')).to.equal(text)
  })

  it('gives no line for empty text and an empty line for each bare ending', () => {
    expect(splitKeepingEol('')).to.deep.equal([])
    expect(splitKeepingEol('\n\r\n\r')).to.deep.equal([
      {text: '', eol: '\n'},
      {text: '', eol: '\r\n'},
      {text: '', eol: '\r'},
    ])
  })
})
