import {expect} from 'chai'

import {envFlag, envValue, firstEnv} from '../../src/lib/env.js'
import {shellQuote} from '../../src/lib/shell-quote.js'

describe('env: what a set variable means', () => {
  it('envFlag: 1, true, yes, on in any case and with blanks; anything else is off', () => {
    for (const on of ['1', 'true', 'TRUE', ' yes ', 'On']) expect(envFlag(on), on).to.equal(true)
    for (const off of [undefined, '', '0', 'false', 'no', 'off', 'y', 'enabled']) expect(envFlag(off), String(off)).to.equal(false)
  })

  it('envValue: trimmed; unset, blank and an empty name are undefined', () => {
    expect(envValue({A: '  x  '}, 'A')).to.equal('x')
    expect(envValue({A: '   '}, 'A')).to.equal(undefined)
    expect(envValue({}, 'A')).to.equal(undefined)
    expect(envValue({A: 'x'}, '')).to.equal(undefined)
  })

  it('firstEnv: the first name set to more than blanks wins, and says which it was', () => {
    const names = ['FIRST', 'SECOND', 'THIRD'] as const
    expect(firstEnv({FIRST: ' ', SECOND: ' b ', THIRD: 'c'}, names)).to.deep.equal({value: 'b', from: 'SECOND'})
    expect(firstEnv({FIRST: 'a', THIRD: 'c'}, names)).to.deep.equal({value: 'a', from: 'FIRST'})
    expect(firstEnv({SECOND: ''}, names)).to.equal(undefined)
  })
})

describe('shellQuote: a word for a POSIX shell and a credential_process line (test/config/profiles.e2e.test.ts reads them back with shlex and /bin/sh)', () => {
  it('leaves words of safe characters bare and single-quotes the rest', () => {
    expect(shellQuote('Admin-123456789012')).to.equal('Admin-123456789012')
    expect(shellQuote('a.b@c+d%e:f/g_h=i,j-k')).to.equal('a.b@c+d%e:f/g_h=i,j-k')
    expect(shellQuote('with space')).to.equal("'with space'")
    expect(shellQuote('$HOME')).to.equal("'$HOME'")
    expect(shellQuote("it's")).to.equal(String.raw`'it'\''s'`)
    expect(shellQuote('')).to.equal("''")
  })
})
