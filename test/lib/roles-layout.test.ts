import {expect} from 'chai'

import {compileAccountFilter, formatOriginalRoles, originalLayout} from '../../src/lib/everyday/roles.js'
import {terminalSafe} from '../../src/lib/server-text.js'

const role = (accountId: string, accountName: string, roleName: string) => ({accountId, accountName, roleName})

describe("roles: aws-sso-util 4.33's layout", () => {
  it('columns and sort keys for each --sort-by, with and without a separator', () => {
    expect(originalLayout({})).to.deep.equal({columns: ['name', 'id', 'role'], sortKeys: ['name', 'role'], streamed: false})
    expect(originalLayout({separator: ','})).to.deep.equal({columns: ['name', 'id', 'role'], sortKeys: undefined, streamed: true})
    expect(originalLayout({sortBy: 'id,role'}).columns).to.deep.equal(['id', 'name', 'role'])
    expect(originalLayout({sortBy: 'name,role'}).columns).to.deep.equal(['name', 'id', 'role'])
    expect(originalLayout({sortBy: 'role,id'}).columns).to.deep.equal(['role', 'id', 'name'])
    expect(originalLayout({sortBy: 'role,name'}).columns).to.deep.equal(['role', 'name', 'id'])
    expect(originalLayout({sortBy: 'role,id', separator: ';'})).to.deep.equal({columns: ['role', 'id', 'name'], sortKeys: ['role', 'id'], streamed: false})
  })

  it('pads by code points as Python does, sorts by code point, keeps the portal order for ties', () => {
    const out = formatOriginalRoles(
      [role('222222222222', 'b', 'R'), role('111111111111', 'b', 'R'), role('333333333333', '😀x', 'Z'), role('444444444444', 'a', 'R')],
      originalLayout({}),
      {header: true},
    )
    expect(out).to.equal(
      [
        'Account name Account ID   Role name',
        'a            444444444444 R        ',
        'b            222222222222 R        ',
        'b            111111111111 R        ',
        '😀x           333333333333 Z        ',
        '',
      ].join('\n'),
    )
  })

  it('-a values: ids ask for those accounts; anything else filters by id prefix, suffix or name pattern', () => {
    expect(compileAccountFilter(['123456789012']).accountIds).to.deep.equal(['123456789012'])
    const {accountIds, keep} = compileAccountFilter(['1234', '^Prod'])
    expect(accountIds).to.equal(undefined)
    expect(keep(role('123400000000', 'x', 'R'))).to.equal(true)
    expect(keep(role('000000001234', 'x', 'R'))).to.equal(true)
    expect(keep(role('000012340000', 'x', 'R'))).to.equal(false)
    expect(keep(role('999999999999', 'Prod (Main)', 'R'))).to.equal(true)
    expect(() => compileAccountFilter(['('])).to.throw(/--account-id "\(" is neither an account id nor a valid regular expression/)
  })

  it('terminalSafe drops escape sequences and blanks other control characters, nothing else', () => {
    expect(terminalSafe('\u001B]0;PWN\u0007Evil\u001B[2J corp\u009B31m')).to.equal('Evil corp')
    expect(terminalSafe('a\tb\u0000c  d')).to.equal('a b c  d')
  })
})
