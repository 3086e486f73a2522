import {expect} from 'chai'

import {editConfigText, removeSections, validateProfileName, validateValue} from '../../src/lib/config/edit.js'
import {ConfigError} from '../../src/lib/errors.js'
import {requireTools} from '../support/system-tools.js'
import {configError, profile, set} from './support/edits.js'
import {botocoreReadTexts, Scratch, sdkRead} from './support/oracles.js'

function expectSame(actual: string, expected: string): void {
  expect(JSON.stringify(actual)).to.equal(JSON.stringify(expected))
}

describe('config/edit', () => {
  describe('setting keys', () => {
    it('rewrites an existing key in place, keeping its indentation, and adds new keys after the last key', () => {
      const text = '[profile a]\n  region = x\n# c\noutput = json\n\n[profile b]\nregion = y\n'
      expectSame(
        editConfigText(text, [set('a', ['region', 'eu-west-1'], ['sso_role_name', 'R'])]),
        '[profile a]\n  region = eu-west-1\n# c\noutput = json\nsso_role_name = R\n\n[profile b]\nregion = y\n',
      )
    })

    it('leaves a line that already reads key = value alone, however it is spaced', () => {
      const text = '[profile a]\nregion=x\noutput   =   json   \n'
      expect(editConfigText(text, [set('a', ['region', 'x'], ['output', 'json'])])).to.equal(text)
    })

    it('rewrites a line only botocore can read (colon, other case) as key = value', () => {
      expectSame(editConfigText('[profile a]\nRegion: x\n', [set('a', ['region', 'x'])]), '[profile a]\nregion = x\n')
    })

    it('drops an inline "comment" on the rewritten line: botocore reads it as part of the value', () => {
      expectSame(editConfigText('[profile a]\nregion = x # old\n', [set('a', ['region', 'y'])]), '[profile a]\nregion = y\n')
    })

    it('keeps one line for a key that appears several times (botocore rejects repeats)', () => {
      expectSame(
        editConfigText('[profile a]\nregion = 1\noutput = json\nREGION = 2\n', [set('a', ['region', '3'])]),
        '[profile a]\noutput = json\nregion = 3\n',
      )
    })

    it('replaces a key together with its continuation lines', () => {
      expectSame(
        editConfigText('[profile a]\ncredential_process = x\n  --more\n\n  --even-more\nregion = r\n', [set('a', ['credential_process', 'y'])]),
        '[profile a]\ncredential_process = y\nregion = r\n',
      )
    })

    it('treats comments containing = and : as comments, never as keys', () => {
      const text = '[profile a]\n# region = commented\n; output: text\nregion = x\n'
      expectSame(
        editConfigText(text, [{section: profile('a'), replaceAll: true, set: [['output', 'json']]}]),
        '[profile a]\n# region = commented\n; output: text\noutput = json\n',
      )
    })

    it('does not touch a key of the same name in other sections', () => {
      const text = '[sso-session a]\nregion = s\n[default]\nregion = d\n[profile a]\nregion = p\n[services a]\nregion = v\n'
      expectSame(
        editConfigText(text, [set('a', ['region', 'new'])]),
        '[sso-session a]\nregion = s\n[default]\nregion = d\n[profile a]\nregion = new\n[services a]\nregion = v\n',
      )
    })

    it('edits sso-session and services sections', () => {
      const text = '[sso-session corp]\nsso_region = us-east-1\n'
      expectSame(
        editConfigText(text, [
          {section: {kind: 'sso-session', name: 'corp'}, set: [['sso_start_url', 'https://corp.awsapps.com/start']]},
          {section: {kind: 'services', name: 'local'}, set: [['s3.endpoint_url', 'http://localhost:4566']]},
        ]),
        '[sso-session corp]\nsso_region = us-east-1\nsso_start_url = https://corp.awsapps.com/start\n\n[services local]\ns3 =\n    endpoint_url = http://localhost:4566\n',
      )
    })

    it('applies discard, then remove, then set', () => {
      const text = '[profile a]\nx = 1\ny = 2\nz = 3\n'
      expectSame(
        editConfigText(text, [
          {
            section: profile('a'),
            replaceAll: true,
            remove: ['y'],
            set: [
              ['y', 'new'],
              ['w', '4'],
            ],
          },
        ]),
        '[profile a]\ny = new\nw = 4\n',
      )
    })

    it('in discard mode, new keys take the place of the dropped ones, between the comments', () => {
      const text = '[profile a]\n# about a\nold = 1\n# more\nolder = 2\n\n[profile b]\n'
      expectSame(
        editConfigText(text, [{section: profile('a'), replaceAll: true, set: [['fresh', 'yes']]}]),
        '[profile a]\n# about a\nfresh = yes\n# more\n\n[profile b]\n',
      )
    })

    it('removing a key that is not there, or editing a missing section with nothing to set, changes nothing', () => {
      const text = '[profile a]\nregion = x'
      expect(editConfigText(text, [{section: profile('a'), remove: ['nope', 's3.nope']}])).to.equal(text)
      expect(editConfigText(text, [{section: profile('b'), remove: ['region'], replaceAll: true}])).to.equal(text)
    })
  })

  describe('nested blocks', () => {
    const text = '[profile a]\nregion = x\ns3 =\n  max_concurrent_requests = 10\n  # keep me\n  max_queue_size = 5\noutput = json\n'

    it('setting another key never touches the block', () => {
      expectSame(
        editConfigText(text, [set('a', ['output', 'text'], ['new', '1'])]),
        '[profile a]\nregion = x\ns3 =\n  max_concurrent_requests = 10\n  # keep me\n  max_queue_size = 5\noutput = text\nnew = 1\n',
      )
    })

    it('sets a sub-key in place, and adds one after its siblings with their indentation', () => {
      expectSame(
        editConfigText(text, [set('a', ['s3.max_concurrent_requests', '20'], ['s3.multipart_threshold', '64MB'])]),
        '[profile a]\nregion = x\ns3 =\n  max_concurrent_requests = 20\n  # keep me\n  max_queue_size = 5\n  multipart_threshold = 64MB\noutput = json\n',
      )
    })

    it('creates a block as aws configure set does', () => {
      expectSame(editConfigText('[profile a]\nregion = x\n', [set('a', ['s3.a', '1'], ['s3.b', '2'])]), '[profile a]\nregion = x\ns3 =\n    a = 1\n    b = 2\n')
    })

    it('removes a sub-key; removing the last one removes the parent', () => {
      expectSame(
        editConfigText(text, [{section: profile('a'), remove: ['s3.max_queue_size']}]),
        '[profile a]\nregion = x\ns3 =\n  max_concurrent_requests = 10\n  # keep me\noutput = json\n',
      )
      expectSame(
        editConfigText(text, [{section: profile('a'), remove: ['s3.max_queue_size', 's3.max_concurrent_requests']}]),
        '[profile a]\nregion = x\n  # keep me\noutput = json\n',
      )
    })

    it('removing or replacing the parent handles the whole block, keeping its comments', () => {
      expectSame(editConfigText(text, [{section: profile('a'), remove: ['s3']}]), '[profile a]\nregion = x\n  # keep me\noutput = json\n')
      expectSame(editConfigText(text, [set('a', ['s3', 'flat'])]), '[profile a]\nregion = x\ns3 = flat\n  # keep me\noutput = json\n')
    })

    it('refuses a sub-key under a key that has a plain value', () => {
      const error = configError(() => editConfigText('[profile a]\ns3 = flat\n', [set('a', ['s3.x', '1'])]))
      expect(error.message).to.contain('s3.x').and.contain('[profile a]')
    })
  })

  describe('which section', () => {
    it('for default, edits whichever of [default] and [profile default] comes later', () => {
      expectSame(
        editConfigText('[default]\nregion = a\n[profile default]\nregion = b\n', [set('default', ['region', 'c'])]),
        '[default]\nregion = a\n[profile default]\nregion = c\n',
      )
      expectSame(
        editConfigText('[profile default]\nregion = b\n[default]\nregion = a\n', [set('default', ['region', 'c'])]),
        '[profile default]\nregion = b\n[default]\nregion = c\n',
      )
    })

    it('matches headers the way botocore splits them', () => {
      for (const header of ['[profile  a]', '[profile "a"]', "[profile 'a']", '[profile\ta]', '  [profile a]  ', '[profile a] ; note']) {
        expectSame(editConfigText(`${header}\nregion = x\n`, [set('a', ['region', 'y'])]), `${header}\nregion = y\n`)
      }

      // [profile a b] and [ profile a ] are not profile a to botocore, so a new section is added.
      expect(editConfigText('[profile a b]\nk = v\n', [set('a', ['k', 'w'])])).to.equal('[profile a b]\nk = v\n\n[profile a]\nk = w\n')
    })

    it('of repeated sections, edits the last one', () => {
      expectSame(
        editConfigText('[profile a]\nregion = 1\n[profile a]\nregion = 2\n', [set('a', ['region', '3'])]),
        '[profile a]\nregion = 1\n[profile a]\nregion = 3\n',
      )
    })

    it('writes profile default as [default] and others as [profile NAME]', () => {
      expectSame(editConfigText('', [set('default', ['region', 'x']), set('dev', ['region', 'y'])]), '[default]\nregion = x\n\n[profile dev]\nregion = y\n')
    })
  })

  describe('bytes around the edit', () => {
    it('appends a new section after one blank line, adding a missing final newline first', () => {
      expectSame(editConfigText('[profile a]\nk = v', [set('b', ['k', 'w'])]), '[profile a]\nk = v\n\n[profile b]\nk = w\n')
      expectSame(editConfigText('[profile a]\nk = v\n', [set('b', ['k', 'w'])]), '[profile a]\nk = v\n\n[profile b]\nk = w\n')
      expectSame(editConfigText('[profile a]\nk = v\n\n', [set('b', ['k', 'w'])]), '[profile a]\nk = v\n\n[profile b]\nk = w\n')
      expectSame(editConfigText('# only a comment', [set('b', ['k', 'w'])]), '# only a comment\n\n[profile b]\nk = w\n')
    })

    it('otherwise never adds or removes a final newline', () => {
      expectSame(editConfigText('[profile a]\nk = v', [set('a', ['k', 'w'])]), '[profile a]\nk = w')
      expectSame(editConfigText('[profile a]\nj = 1\nk = v', [{section: profile('a'), remove: ['k']}]), '[profile a]\nj = 1')
      expectSame(editConfigText('[profile a]\nk = v\n[profile b]\nx = 1', [set('a', ['j', '2'])]), '[profile a]\nk = v\nj = 2\n[profile b]\nx = 1')
    })

    it('uses the dominant line ending for new lines', () => {
      expectSame(
        editConfigText('[profile a]\r\nk = v\r\n# mixed\n\r\n', [set('a', ['j', '1']), set('b', ['x', 'y'])]),
        '[profile a]\r\nk = v\r\nj = 1\r\n# mixed\n\r\n[profile b]\r\nx = y\r\n',
      )
    })

    it('keeps a BOM, non-ASCII text and tabs', () => {
      const text = '\uFEFF# café 日本 🚀\n[profile a]\n\tname = Société 🚀\n'
      expectSame(editConfigText(text, [set('a', ['region', 'x'])]), '\uFEFF# café 日本 🚀\n[profile a]\n\tname = Société 🚀\nregion = x\n')
      expectSame(editConfigText('\uFEFF', [set('a', ['k', 'v'])]), '\uFEFF[profile a]\nk = v\n')
    })

    it('puts new keys first when the next header is indented and SDK v3 would nest them after a block', async function () {
      requireTools(this, ['python3-boto3'])
      const text = '[profile a]\n  r = 1\n  s3 =\n    x = 1\n  [profile b]\n  y = 2\n'
      const out = editConfigText(text, [set('a', ['k1', 'v1'], ['k2', 'v2'])])
      expectSame(out, '[profile a]\n  k1 = v1\n  k2 = v2\n  r = 1\n  s3 =\n    x = 1\n  [profile b]\n  y = 2\n')
      const scratch = new Scratch()
      try {
        const [boto] = botocoreReadTexts([out], scratch)
        if (!boto.ok) expect.fail(boto.error)
        expect(boto.full.profiles).to.deep.equal({a: {k1: 'v1', k2: 'v2', r: '1', s3: '', 's3.x': '1'}, b: {y: '2'}})
        const sdk = await sdkRead(scratch.file(out))
        expect(sdk).to.deep.equal({a: {k1: 'v1', k2: 'v2', r: '1', 's3.x': '1'}, b: {y: '2'}})
      } finally {
        scratch.cleanup()
      }
    })

    it('never takes an indented next line for a continuation of a new key', () => {
      // A column-0 key here would make botocore read "  [profile b]" as part of its value.
      expectSame(
        editConfigText('[profile a]\n  k = v\n  [profile b]\n  x = 1\n', [set('a', ['j', '2'])]),
        '[profile a]\n  k = v\n  j = 2\n  [profile b]\n  x = 1\n',
      )
    })
  })

  describe('removeSections', () => {
    const text = [
      '# file header',
      '',
      '[profile keep]',
      'region = a',
      '',
      '# about gone',
      '[profile gone]',
      'region = b',
      '# inside gone',
      's3 =',
      '  max = 1',
      '# after the last key of gone',
      '',
      '[profile last]',
      'region = c',
      '',
    ].join('\n')

    it('removes the header, its keys and blocks and what lies between; keeps comments above and after', () => {
      expectSame(
        removeSections(text, [profile('gone')]),
        ['# file header', '', '[profile keep]', 'region = a', '', '# about gone', '# after the last key of gone', '', '[profile last]', 'region = c', ''].join(
          '\n',
        ),
      )
    })

    it('does not leave a run of blank lines or trailing blank lines behind', () => {
      expectSame(
        removeSections('[profile a]\nk = 1\n\n[profile b]\nk = 2\n\n[profile c]\nk = 3\n', [profile('b')]),
        '[profile a]\nk = 1\n\n[profile c]\nk = 3\n',
      )
      expectSame(removeSections('[profile a]\nk = 1\n\n[profile b]\nk = 2\n\n', [profile('b')]), '[profile a]\nk = 1\n')
      expectSame(removeSections('[profile a]\nk = 1\n\n[profile b]\nk = 2', [profile('b')]), '[profile a]\nk = 1')
    })

    it('removes every section botocore maps to the name, and leaves the text alone when there is none', () => {
      expectSame(removeSections('[default]\nk = 1\n[profile default]\nk = 2\n[profile x]\nk = 3\n', [profile('default')]), '[profile x]\nk = 3\n')
      const other = '\uFEFF[profile a]\r\nk = 1\r\n'
      expect(removeSections(other, [profile('b'), {kind: 'sso-session', name: 'a'}])).to.equal(other)
      expectSame(removeSections(other, [profile('a')]), '\uFEFF')
    })
  })

  describe('validation', () => {
    it('rejects profile names neither reader can read back, naming the name and the fix', () => {
      for (const [name, why] of [
        ['my prof', 'whitespace'],
        ['a[b', 'square bracket'],
        ['a]', 'square bracket'],
        ['a\nb', 'line break'],
        ['', 'empty'],
        ['__proto__', 'JavaScript SDK'],
        ['café', '"é"'],
        ['a#b', '"#"'],
      ]) {
        const error = configError(() => validateProfileName(name))
        expect(error.message).to.contain(JSON.stringify(name)).and.contain(why).and.contain('Use only')
        expect(error.message).not.to.match(/[\n\r]/)
      }

      for (const name of ['default', 'dev', 'Admin-123456789012', 'a.b@c+d%e:f/g_h']) validateProfileName(name)
    })

    it('rejects values and keys that would not read back as written', () => {
      for (const [key, value, why] of [
        ['region', 'a\nb', 'line break'],
        ['region', 'a\rb', 'line break'],
        ['region', ' x', 'whitespace'],
        ['region', 'x #y', 'comment'],
        ['region', '#y', 'comment'],
        ['bad key', 'x', 'Invalid config key'],
        ['a\nb', 'x', 'Invalid config key'],
        ['s3..x', 'x', 'Invalid config key'],
      ]) {
        const error = configError(() => validateValue(key, value))
        expect(error.message)
          .to.contain(why)
          .and.contain(JSON.stringify(key === 'region' ? value : key))
        expect(error.message).not.to.match(/[\n\r]/)
      }

      validateValue('credential_process', "aws-sso-util credential-process --profile 'a b#c'")
      validateValue('s3.max_concurrent_requests', '20')
    })

    it('editConfigText writes a profile name only botocore reads shlex-quoted, as `aws configure set` does', () => {
      expect(editConfigText('', [set('my prof', ['k', 'v'])])).to.equal("[profile 'my prof']\nk = v\n")
      expect(editConfigText('', [set("a'b", ['k', 'v'])])).to.equal(`[profile 'a'"'"'b']\nk = v\n`)
      expect(editConfigText("[profile 'my prof']\nk = v\n", [set('my prof', ['k', 'w'])])).to.equal("[profile 'my prof']\nk = w\n")
    })

    it('editConfigText validates everything before changing anything', () => {
      expect(() => editConfigText('', [set('ok', ['k', 'v']), set('bad[name]', ['k', 'v'])])).to.throw(ConfigError, 'bad[name]')
      expect(() => editConfigText('', [set('a', ['k', 'multi\nline'])])).to.throw(ConfigError, 'line break')
      expect(() => editConfigText('', [{section: {kind: 'sso-session', name: 'a b'}, set: [['k', 'v']]}])).to.throw(ConfigError, 'sso-session')
      expect(() => editConfigText('', [{section: profile('a'), remove: ['no spaces']}])).to.throw(ConfigError, 'Invalid config key')
    })
  })
})

describe('config/edit: empty values', () => {
  it('writes `key =` with no trailing space, read back as an empty string by our parser', async () => {
    const {parseConfigText} = await import('../../src/lib/config/parse.js')
    const text = editConfigText('[default]\nregion = x\n', [{section: {kind: 'profile', name: 'default'}, set: [['cli_pager', '']]}])
    expect(text).to.equal('[default]\nregion = x\ncli_pager =\n')
    expect(parseConfigText(text).profiles.default.cli_pager).to.equal('')
  })
})
