import {expect} from 'chai'
import {spawnSync} from 'node:child_process'

import {pyCapitalize, pyCasefold, pyLower, pyTitle, pyUpper} from '../../src/lib/configure/python-case.js'

const SAMPLES = [
  "o'brien sandbox",
  'Prod Account (Main)',
  'billing+admin@x 1st',
  'ÜNÏCODE ß Team',
  'straße ﬁnance ǆemo',
  'ΣΊΣΥΦΟΣ οδός',
  'ΑΣ Β',
  'ſtate µ ı İstanbul',
  'x2y-z_a.b/c',
  'already Title Case',
  '',
]

const OURS = {capitalize: pyCapitalize, casefold: pyCasefold, lower: pyLower, title: pyTitle, upper: pyUpper}

/** The same methods in the Python on PATH, which the original tool ran. */
function pythonResults(): Record<string, string[]> | undefined {
  const script =
    'import json,sys\nxs=json.load(sys.stdin)\nprint(json.dumps({m:[getattr(x,m)() for x in xs] for m in ["capitalize","casefold","lower","title","upper"]}))'
  const r = spawnSync('python3', ['-c', script], {input: JSON.stringify(SAMPLES), encoding: 'utf8', timeout: 20_000})
  return r.status === 0 ? (JSON.parse(r.stdout) as Record<string, string[]>) : undefined
}

describe("Python's str case methods, as --account-name-case and --role-name-case apply them", () => {
  for (const [method, ours] of Object.entries(OURS)) {
    it(`${method} gives what python3 gives`, function () {
      const python = pythonResults()
      if (!python) {
        if (process.env.CI === 'true') throw new Error('python3 is needed (apt-get install python3)')
        this.skip()
      }

      expect(SAMPLES.map((s) => ours(s))).to.deep.equal(python![method])
    })
  }
})
