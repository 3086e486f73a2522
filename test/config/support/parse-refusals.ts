/**
 * Config texts botocore refuses ("Unable to parse config file"), each with the line we print for it,
 * and near misses it accepts. test/config/parse-refusals.test.ts checks our parser against them
 * in-process; test/config/parse.e2e.test.ts checks botocore itself against the same texts.
 */
// Each text names the first line that botocore's configparser (or its nested-block parser) cannot take.
export const refused: Array<[string, string]> = [
  [
    '[profile a\nregion = x\n',
    'line 1 starts a section header but has no closing "]" (or no name); write it as [profile NAME], [sso-session NAME] or [default].',
  ],
  ['[default]\n  []\n', 'line 2 starts a section header but has no closing "]" (or no name); write it as [profile NAME], [sso-session NAME] or [default].'],
  [
    '[profile a]\nsso_region us-east-1\n',
    'line 2 has no "=" (settings are written key = value); add the "=", indent it to continue the value above, or comment it out with #.',
  ],
  [
    '\n# note\nregion = x\n[default]\n',
    'line 3 comes before the first section header; move it under a header such as [default] or [profile NAME], or comment it out with #.',
  ],
  ['[default]\nregion = x\n: y\n', 'line 3 has no setting name before its "="; write it as key = value, or comment it out with #.'],
  ['[profile a]\nregion = 1\n[profile b]\n[profile a]\n', 'line 4 repeats the section [profile a] of line 1; merge the two into one section.'],
  ['[profile a]\nregion = 1\r\nREGION: 2\n', 'line 3 sets "region" again in [profile a] (first on line 2); keep only one of the two lines.'],
  ['[DEFAULT]\nk = 1\n[DEFAULT]\nk = 2\n', 'line 4 sets "k" again in [DEFAULT] (first on line 2); keep only one of the two lines.'],
  ['[profile a]\ns3 =\n  max = 1\n  not a pair\n', 'line 4 is in the nested block "s3" but has no "="; write it as key = value, or comment it out with #.'],
  ['[DEFAULT]\ns3 =\n  junk\n[profile a]\n', 'line 3 is in the nested block "s3" but has no "="; write it as key = value, or comment it out with #.'],
  [
    '\uFEFF[profile a]\nk = 1\njunk\n[profile b\n',
    'line 3 has no "=" (settings are written key = value); add the "=", indent it to continue the value above, or comment it out with #.',
  ],
  ['[default]\nregion = x\n= y\n', 'line 3 has no setting name before its "="; write it as key = value, or comment it out with #.'],
  // The "]" that closes a header is looked for on its own line only.
  ['[profile a\n]\n', 'line 1 starts a section header but has no closing "]" (or no name); write it as [profile NAME], [sso-session NAME] or [default].'],
  // An inherited [DEFAULT] block is reported at its first bad line.
  [
    '[DEFAULT]\ns3 =\n  junk\n  more junk\n[profile a]\n',
    'line 3 is in the nested block "s3" but has no "="; write it as key = value, or comment it out with #.',
  ],
  // Names in messages are cut after 57 characters when longer than 60.
  [
    `[profile ${'n'.repeat(52)}]\n[profile ${'n'.repeat(52)}]\n`,
    `line 2 repeats the section [profile ${'n'.repeat(52)}] of line 1; merge the two into one section.`,
  ],
  [
    `[profile ${'n'.repeat(53)}]\n[profile ${'n'.repeat(53)}]\n`,
    `line 2 repeats the section [profile ${'n'.repeat(49)}...] of line 1; merge the two into one section.`,
  ],
]
// Near misses that botocore accepts, so we must too.
export const accepted = [
  '[default]\nk = 1\n[profile default]\nk = 2\n',
  '[profile a]\nk = 1\n[profile "a"]\nk = 2\n',
  '[profile a]\nk = first\n  not a pair\n',
  '[profile a]\n[profile b=c\n',
  '[profile a] trailing\nk = 1\n',
  '[DEFAULT]\ns3 =\n  junk\n',
  '[DEFAULT]\ns3 =\n  junk\n[profile a]\ns3 = x\n',
  '[DEFAULT]\nk = 1\n[DEFAULT]\nj = 2\n[profile a]\n',
  '[profile a]\nk = 1\n  k = 2\n',
]
