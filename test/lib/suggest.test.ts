import {expect} from 'chai'

import {closestCommand, commandWithExtraWords, editDistance} from '../../src/lib/suggest.js'

const IDS = ['login', 'logout', 'configure:profile', 'configure:populate', 'credential-process', 'roles']

describe('did-you-mean suggestions', () => {
  it('counts inserts, deletes and substitutions, each as one edit', () => {
    const cases: Array<[string, string, number]> = [
      ['', '', 0],
      ['login', 'login', 0],
      ['', 'abc', 3],
      ['abc', '', 3],
      ['logn', 'login', 1],
      ['loginn', 'login', 1],
      ['lagin', 'login', 1],
      ['kitten', 'sitting', 3],
      ['eu-west-1', 'us-west-1', 2],
      ['eu-wets-1', 'eu-west-1', 2],
    ]
    for (const [a, b, distance] of cases) {
      expect(editDistance(a, b), `${a} → ${b}`).to.equal(distance)
      expect(editDistance(b, a), `${b} → ${a}`).to.equal(distance)
    }
  })

  it('suggests the closest command and keeps the words typed after it as arguments', () => {
    expect(closestCommand('logn', IDS)).to.deep.equal({id: 'login', rest: []})
    expect(closestCommand('configure:profle:dev', IDS)).to.deep.equal({id: 'configure:profile', rest: ['dev']})
    expect(closestCommand('credentail-process', IDS)).to.deep.equal({id: 'credential-process', rest: []})
  })

  it('suggests nothing more than a third of the typed length away, and never the command itself', () => {
    expect(closestCommand('xyz', IDS)).to.equal(undefined)
    expect(closestCommand('rlz', IDS)).to.equal(undefined)
    expect(closestCommand('login', IDS)).to.equal(undefined)
    expect(closestCommand('roles:extra', IDS)).to.equal(undefined)
  })

  it('names a known command that was given extra words, the longest one first', () => {
    expect(commandWithExtraWords('roles:extra', IDS)).to.deep.equal({id: 'roles', rest: ['extra']})
    expect(commandWithExtraWords('configure:profile:dev:more', IDS)).to.deep.equal({id: 'configure:profile', rest: ['dev', 'more']})
    expect(commandWithExtraWords('roles', IDS)).to.equal(undefined)
    expect(commandWithExtraWords('nothing:here', IDS)).to.equal(undefined)
  })
})
