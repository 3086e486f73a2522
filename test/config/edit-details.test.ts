import {expect} from 'chai'

import {editConfigText, removeSections, sdkV3ReadsProfileName, type SectionEdit, validateProfileName, validateValue} from '../../src/lib/config/edit.js'
import {configError, profile, remove, set} from './support/edits.js'

/**
 * The editor's smaller decisions, one text each: which line ending new lines get, what discard
 * mode keeps of a nested block, which lines a removal takes, where a key goes when the JS SDK
 * would read it as nested, and how later sections shift after an edit. Each expectation pins a
 * branch that edit.test.ts passes through without telling its outcomes apart.
 */
const discard = (name: string, ...pairs: Array<[string, string]>): SectionEdit => ({section: profile(name), set: pairs, replaceAll: true})

const ADVICE = 'Use only letters, digits and - _ @ + . % : / so that both the AWS CLI and the JavaScript SDK can read it.'

// [what it shows, text, edits, expected text]
const cases: Array<[string, string, SectionEdit[], string]> = [
  // Line endings of new lines: the most common ending, CRLF on a tie with CR, LF on a tie with CR.
  ['CR endings', '[profile a]\rk = 1\r', [set('a', ['j', '2'])], '[profile a]\rk = 1\rj = 2\r'],
  ['CRLF and CR tied', '[profile a]\r\nk = 1\r', [set('a', ['j', '2'])], '[profile a]\r\nk = 1\rj = 2\r\n'],
  ['more CR than CRLF', '[profile a]\r\nk = 1\rm = 2\r', [set('a', ['j', '2'])], '[profile a]\r\nk = 1\rm = 2\rj = 2\r'],
  ['more LF than CR', '[profile a]\nk = 1\nm = 2\r', [set('a', ['j', '2'])], '[profile a]\nk = 1\nm = 2\rj = 2\n'],
  ['LF and CR tied', '[profile a]\nk = 1\r', [set('a', ['j', '2'])], '[profile a]\nk = 1\rj = 2\n'],
  ['no final line ending: the old last line gets one', '[profile a]\nk = 1', [set('a', ['j', '2'])], '[profile a]\nk = 1\nj = 2\n'],
  ['no final line ending, new section', '[profile a]\nk = 1', [set('b', ['j', '2'])], '[profile a]\nk = 1\n\n[profile b]\nj = 2\n'],

  // Discard mode.
  [
    'discard keeps the nested sub-key being set',
    '[profile a]\ns3 =\n  x = 1\n  y = 2\nregion = r\n',
    [discard('a', ['s3.x', '5'])],
    '[profile a]\ns3 =\n  x = 5\n',
  ],
  ['discard matches a parent in any case', '[profile a]\ns3 =\n  x = 1\n  y = 2\nregion = r\n', [discard('a', ['S3.x', '5'])], '[profile a]\ns3 =\n  x = 5\n'],
  [
    'discard rewrites kept keys where they are, in any case',
    '[profile a]\nregion = r\n# keep\nout = o\nj = 1\n',
    [discard('a', ['Region', 'x'], ['out', 'o'])],
    '[profile a]\nRegion = x\n# keep\nout = o\n',
  ],
  ['discard drops a plain value under a nested key being set', '[profile a]\ns3 = plain\n', [discard('a', ['s3.x', '1'])], '[profile a]\ns3 =\n    x = 1\n'],
  ['discard with nothing to drop puts keys after the header', '[profile a]\n# c\n', [discard('a', ['k', 'v'])], '[profile a]\nk = v\n# c\n'],

  [
    'discard keeps every sub-key being set',
    '[profile a]\ns3 =\n  x = 1\n  y = 2\n  z = 3\n',
    [discard('a', ['s3.x', '1'], ['s3.y', '2'])],
    '[profile a]\ns3 =\n  x = 1\n  y = 2\n',
  ],

  // Removing.
  ['a key without a dot is not looked for in a nested block', '[profile a]\nk =\n  kk = 1\n', [remove('a', 'kk')], '[profile a]\nk =\n  kk = 1\n'],
  ['removing the first sub-key keeps its sibling', '[profile a]\ns3 =\n  x = 1\n  y = 2\n', [remove('a', 's3.x')], '[profile a]\ns3 =\n  y = 2\n'],
  ['a blank line after a removed key stays', '[profile a]\nk = 1\n\nj = 2\n', [remove('a', 'k')], '[profile a]\n\nj = 2\n'],
  ['a removed key takes its own continuation lines only', '[profile a]\nk = 1\n  c1\nj = 2\n  c2\n', [remove('a', 'k')], '[profile a]\nj = 2\n  c2\n'],
  [
    'a "sub-key" of a plain multi-line value is not a sub-key',
    '[profile a]\ns3 = first\n  x = 1\n',
    [remove('a', 's3.x')],
    '[profile a]\ns3 = first\n  x = 1\n',
  ],
  ['a sub-key with no parent', '[profile a]\nk = 1\n', [remove('a', 's3.x')], '[profile a]\nk = 1\n'],
  ['a sub-key of an empty block', '[profile a]\ns3 =\nk = 1\n', [remove('a', 's3.x')], '[profile a]\ns3 =\nk = 1\n'],

  // Setting.
  ['a repeated sub-key is kept once, the last', '[profile a]\ns3 =\n  x = 1\n  x = 2\n', [set('a', ['s3.x', '3'])], '[profile a]\ns3 =\n  x = 3\n'],
  [
    'the first sub-key of an empty block is indented four spaces',
    '[profile a]\ns3 =\nk = 1\n',
    [set('a', ['s3.y', '1'])],
    '[profile a]\ns3 =\n    y = 1\nk = 1\n',
  ],
  ['a sub-key already so is left as written', '[profile a]\ns3 =\n  x=1\n', [set('a', ['s3.x', '1'])], '[profile a]\ns3 =\n  x=1\n'],
  ['a colon is rewritten to =', '[profile a]\nk: 1\n', [set('a', ['k', '1'])], '[profile a]\nk = 1\n'],
  ['a key in another case is rewritten', '[profile a]\nK = 1\n', [set('a', ['k', '1'])], '[profile a]\nk = 1\n'],
  ['the same first line with continuation lines is rewritten without them', '[profile a]\nk = 1\n  more\n', [set('a', ['k', '1'])], '[profile a]\nk = 1\n'],
  ['a blank line before a rewritten key stays', '[profile a]\n\nk = 1\n', [set('a', ['k', '2'])], '[profile a]\n\nk = 2\n'],

  // The JS SDK reads an indented line after `parent =` as nested, until a line at column 0.
  [
    'a line starting with ; is a comment to both readers',
    '[profile a]\n;p =\n  k = 1\n  [profile b]\n',
    [set('a', ['n', 'v'])],
    '[profile a]\n;p =\n  k = 1\n  n = v\n  [profile b]\n',
  ],
  [
    'after `p = #c` (empty to the JS SDK) a key goes after the header',
    '[profile a]\n  p = #c\n    k = 1\n  [profile b]\n',
    [set('a', ['n', 'v'])],
    '[profile a]\n  n = v\n  p = #c\n    k = 1\n  [profile b]\n',
  ],
  [
    'after the header, indented as the first line that is not a comment',
    '[profile a]\n# c\n    p =\n      x = 1\n  [profile b]\n',
    [set('a', ['n', 'v'])],
    '[profile a]\n    n = v\n# c\n    p =\n      x = 1\n  [profile b]\n',
  ],

  [
    'after a nested block that ends the file, a key goes after it',
    '[profile a]\ns3 =\n  x = 1\n',
    [set('a', ['k', 'v'])],
    '[profile a]\ns3 =\n  x = 1\nk = v\n',
  ],

  // Several edits in one call: later sections shift by what earlier edits added or removed.
  [
    'two edits to one new section make one section',
    '[profile a]\nk = 1\n',
    [set('c', ['x', '1']), set('c', ['y', '2'])],
    '[profile a]\nk = 1\n\n[profile c]\nx = 1\ny = 2\n',
  ],
  [
    'a new section, then the one before it',
    '[profile a]\nk = 1\n',
    [set('c', ['x', '1']), set('a', ['y', '2'])],
    '[profile a]\nk = 1\ny = 2\n\n[profile c]\nx = 1\n',
  ],
  [
    'a section that grew, then the next',
    '[profile a]\nk = 1\n\n[profile b]\n# b\n',
    [set('a', ['y', '2'], ['z', '3']), set('b', ['w', '4'])],
    '[profile a]\nk = 1\ny = 2\nz = 3\n\n[profile b]\nw = 4\n# b\n',
  ],
  [
    'a section that shrank, then the next',
    '[profile a]\nk = 1\nj = 2\nm = 3\n\n[profile b]\n# b\n',
    [remove('a', 'j', 'm'), set('b', ['w', '4'])],
    '[profile a]\nk = 1\n\n[profile b]\nw = 4\n# b\n',
  ],
]

describe('config/edit: details', () => {
  for (const [name, text, edits, expected] of cases) {
    it(name, () => {
      expect(JSON.stringify(editConfigText(text, edits))).to.equal(JSON.stringify(expected))
    })
  }

  it('refuses a new nested block where the JS SDK would read it as part of the block above', () => {
    expect(configError(() => editConfigText('[profile a]\n  p =\n    k = 1\n  [profile b]\n', [set('a', ['s3.x', 'v'])])).message).to.equal(
      'Cannot add a nested block to [profile a] safely: the line after it is indented; remove that indentation first.',
    )
  })

  it('removeSections takes every blank line before a section that ended the file', () => {
    expect(removeSections('\n[profile a]\nk = 1\n', [profile('a')])).to.equal('')
    expect(removeSections('[profile x]\nk = 1\n\n\n[profile a]\nk = 2\n', [profile('a')])).to.equal('[profile x]\nk = 1\n')
  })

  it('names the kind of section in a refused name', () => {
    expect(configError(() => validateProfileName('a b')).message).to.equal(`Invalid profile name "a b": it contains whitespace. ${ADVICE}`)
    expect(configError(() => validateProfileName('a b', 'sso-session')).message).to.equal(`Invalid sso-session name "a b": it contains whitespace. ${ADVICE}`)
    expect(configError(() => validateProfileName('a b', 'services')).message).to.equal(`Invalid services section name "a b": it contains whitespace. ${ADVICE}`)
    expect(configError(() => validateProfileName('__proto__')).message).to.equal(
      `Invalid profile name "__proto__": the JavaScript SDK refuses to load a config file that contains it. ${ADVICE}`,
    )
  })

  it('botocore-only names: inner spaces in a profile name, but not at its ends, and not in other sections', () => {
    expect(() => validateProfileName('a b', 'profile', {botocoreOnly: true})).not.to.throw()
    expect(configError(() => validateProfileName(' a', 'profile', {botocoreOnly: true})).message).to.equal(
      `Invalid profile name " a": it contains whitespace. ${ADVICE}`,
    )
    expect(configError(() => validateProfileName('a b', 'sso-session', {botocoreOnly: true})).message).to.contain('Invalid sso-session name')
  })

  it('a value must not start or end with what either reader strips: U+FEFF (JS trim), U+001F (Python strip)', () => {
    const why = 'it starts or ends with whitespace, which readers strip; trim it.'
    expect(configError(() => validateValue('k', '\uFEFFx')).message).to.equal(`Invalid value for k ("\uFEFFx"): ${why}`)
    expect(configError(() => validateValue('k', 'x\u001F')).message).to.equal(`Invalid value for k ("x\\u001f"): ${why}`)
  })

  it('sdkV3ReadsProfileName: the JS SDK header pattern', () => {
    expect(sdkV3ReadsProfileName('a-b@c.d%e:f/g+h_1')).to.equal(true)
    expect(sdkV3ReadsProfileName('a b')).to.equal(false)
    expect(sdkV3ReadsProfileName('')).to.equal(false)
  })
})
