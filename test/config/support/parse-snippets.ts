import {parseConfigText} from '../../../src/lib/config/parse.js'
import {plain} from './oracles.js'

/** The parsed file as plain data, in the shape the botocore oracle prints. */
export function view(text: string) {
  const parsed = parseConfigText(text)
  return plain({profiles: parsed.profiles, sso_sessions: parsed.ssoSessions, services: parsed.services})
}

// Each snippet is read by botocore too; the expectation is written out so a change in either
// reader shows up as a failure that says which.
export const snippets: Array<{name: string; text: string; expect: ReturnType<typeof view>}> = [
  {
    name: 'later of [default] and [profile default] wins entirely',
    text: '[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n',
    expect: {profiles: {default: {region: 'b'}}, sso_sessions: {}, services: {}},
  },
  {
    name: '[profile default] then [default]',
    text: '[profile default]\nregion = b\n[default]\nregion = a\n',
    expect: {profiles: {default: {region: 'a'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'headers split like shlex',
    text: [
      '[profile "a b"]',
      'k = 1',
      "[profile 'it''s']",
      'k = 2',
      String.raw`[profile "q\"d"]`,
      'k = 3',
      String.raw`[profile x\ y]`,
      'k = 4',
      '[profile   spaced]',
      'k = 5',
      '[profile "unterminated]',
      'k = 6',
      '[profile three part name]',
      'k = 7',
      '[profile]',
      'k = 8',
      '[profilez sneaky]',
      'k = 9',
      '[profile tail] ; trailing text after the bracket',
      'k = 10',
      '[ default ]',
      'k = 11',
      '',
    ].join('\n'),
    expect: {
      profiles: {
        'a b': {k: '1'},
        its: {k: '2'},
        'q"d': {k: '3'},
        'x y': {k: '4'},
        spaced: {k: '5'},
        sneaky: {k: '9'},
        tail: {k: '10'},
      },
      sso_sessions: {},
      services: {},
    },
  },
  {
    name: 'sso-session and services sections with nested blocks',
    text: '[sso-session corp]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n[services svc]\ns3 =\n  endpoint_url = http://localhost:1\n  Addressing_Style = path\nsts =\n  endpoint_url = http://localhost:2\n',
    expect: {
      profiles: {},
      sso_sessions: {corp: {sso_start_url: 'https://x/start', sso_region: 'eu-west-1'}},
      services: {
        svc: {
          s3: '',
          's3.endpoint_url': 'http://localhost:1',
          's3.Addressing_Style': 'path',
          sts: '',
          'sts.endpoint_url': 'http://localhost:2',
        },
      },
    },
  },
  {
    name: 'delimiters, case, inline comments, trimming',
    text: '[profile p]\nA:b = c\nd = e:f\nRegion=us-east-1 # not a comment\nOutput   :   json   \nx = y;z\nnbsp =\u00A0v\u00A0\n',
    expect: {
      profiles: {p: {a: 'b = c', d: 'e:f', region: 'us-east-1 # not a comment', output: 'json', x: 'y;z', nbsp: 'v'}},
      sso_sessions: {},
      services: {},
    },
  },
  {
    name: 'continuation lines, with comments and blank lines between',
    text: '[profile p]\nk = first\n# a comment does not end the value\n  second\n\n  third\nnext = 1\n',
    expect: {profiles: {p: {k: 'first\nsecond\n\nthird', next: '1'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'an indented header after a value is a continuation',
    text: '[profile p]\nk = v\n  [profile q]\n  r = 1\n',
    expect: {profiles: {p: {k: 'v\n[profile q]\nr = 1'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'indented keys right after a header are keys',
    text: '[profile p]\n    a = 1\n    b = 2\n',
    expect: {profiles: {p: {a: '1', b: '2'}}, sso_sessions: {}, services: {}},
  },
  {
    name: '[DEFAULT] keys reach every section, which may override them',
    text: '[DEFAULT]\nregion = d\nx = 1\n[profile p]\nregion = p\n[sso-session s]\nsso_region = r\n',
    expect: {
      profiles: {p: {region: 'p', x: '1'}},
      sso_sessions: {s: {region: 'd', x: '1', sso_region: 'r'}},
      services: {},
    },
  },
  {
    name: 'lone CR line endings',
    text: '[profile cr]\rregion = x\rout = y\r',
    expect: {profiles: {cr: {region: 'x', out: 'y'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'empty value, and an empty nested block',
    text: '[profile e]\ncli_pager =\ns3 =\n\nregion = x\n',
    expect: {profiles: {e: {cli_pager: '', s3: '', region: 'x'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'a blank line inside a value is kept, and the value goes on',
    text: '[profile p]\nk = first\n\n  second\n',
    expect: {profiles: {p: {k: 'first\n\nsecond'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'a plain value replaces an inherited [DEFAULT] nested block, nested keys and all',
    text: '[DEFAULT]\ns3 =\n  x = 1\n[profile a]\ns3 = plain\n',
    expect: {profiles: {a: {s3: 'plain'}}, sso_sessions: {}, services: {}},
  },
  {
    name: 'a "]" in a value does not make the line a header',
    text: '[profile a]\nk = x]\n',
    expect: {profiles: {a: {k: 'x]'}}, sso_sessions: {}, services: {}},
  },
]
