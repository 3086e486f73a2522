import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {unifiedDiff} from '../../src/lib/configure/diff.js'
import {requireTools} from '../support/system-tools.js'

const labels = {fromLabel: 'a/config', toLabel: 'b/config'}

/** Applies the patch with GNU patch: the diff is only useful if a standard tool agrees with it. */
function applyWithPatch(before: string, patchText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'configure-diff-'))
  try {
    const file = join(dir, 'config')
    writeFileSync(file, before)
    const r = spawnSync('patch', ['--quiet', '--force', file], {input: patchText, encoding: 'utf8'})
    if (r.status !== 0) throw new Error(`patch failed (${r.status}): ${r.stdout}${r.stderr}\n${patchText}`)
    return readFileSync(file, 'utf8')
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** A small deterministic generator, so a failure is reproducible from the seed. */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648
    return s / 2_147_483_648
  }
}

describe('configure --dry-run unified diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', labels)).to.equal('')
  })

  it('prints a hunk with three lines of context and correct ranges', () => {
    const before = ['[default]', 'region = us-east-1', '', '[profile a]', 'x = 1', 'y = 2', 'z = 3', 'w = 4', ''].join('\n')
    const after = before.replace('y = 2', 'y = 20')
    expect(unifiedDiff(before, after, labels)).to.equal(
      '--- a/config\n+++ b/config\n@@ -3,6 +3,6 @@\n \n [profile a]\n x = 1\n-y = 2\n+y = 20\n z = 3\n w = 4\n',
    )
  })

  it('splits distant changes into separate hunks and merges close ones', () => {
    const before = Array.from({length: 30}, (_, i) => `k${i} = ${i}`).join('\n') + '\n'
    const far = before.replace('k2 = 2', 'k2 = X').replace('k20 = 20', 'k20 = X')
    expect(unifiedDiff(before, far, labels).match(/^@@/gm)).to.have.length(2)
    const near = before.replace('k2 = 2', 'k2 = X').replace('k8 = 8', 'k8 = X')
    expect(unifiedDiff(before, near, labels).match(/^@@/gm)).to.have.length(1)
  })

  it('shows an appended section against an empty or missing file as -0,0', () => {
    const out = unifiedDiff('', '[profile a]\nregion = us-east-1\n', labels)
    expect(out).to.equal('--- a/config\n+++ b/config\n@@ -0,0 +1,2 @@\n+[profile a]\n+region = us-east-1\n')
  })

  it('marks a missing final newline', function () {
    requireTools(this, ['patch'])
    const out = unifiedDiff('[default]\nregion = a', '[default]\nregion = a\noutput = json\n', labels)
    expect(out).to.contain('-region = a\n\\ No newline at end of file\n+region = a\n+output = json\n')
    expect(applyWithPatch('[default]\nregion = a', out)).to.equal('[default]\nregion = a\noutput = json\n')
  })

  it('agrees with GNU patch on 150 random edits, including missing final newlines', function () {
    requireTools(this, ['patch'])
    const rand = rng(42)
    const words = ['[profile a]', '[profile b]', 'region = us-east-1', 'output = json', '# note: x', '', 'sso_role_name = R', 's3 =', '  max = 1']
    for (let round = 0; round < 150; round++) {
      const length = Math.floor(rand() * 30)
      const before = Array.from({length}, () => words[Math.floor(rand() * words.length)])
      const after = [...before]
      const edits = Math.floor(rand() * 6)
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * (after.length + 1))
        const op = rand()
        if (op < 0.4) after.splice(at, 0, words[Math.floor(rand() * words.length)])
        else if (op < 0.7) after.splice(at, 1)
        else after[at] = `changed ${round} ${e}`
      }

      const a = before.join('\n') + (before.length > 0 && rand() < 0.8 ? '\n' : '')
      const b = after.join('\n') + (after.length > 0 && rand() < 0.8 ? '\n' : '')
      const patchText = unifiedDiff(a, b, labels)
      if (a === b) {
        expect(patchText).to.equal('')
        continue
      }

      expect(applyWithPatch(a, patchText), `round ${round}`).to.equal(b)
    }
  })

  it('stays fast on a large file with many scattered changes', () => {
    const before = Array.from({length: 9000}, (_, i) => `key${i} = ${i}`).join('\n') + '\n'
    const after = before.replaceAll(/key(\d*7) = /g, 'key$1 = changed ')
    const started = Date.now()
    const out = unifiedDiff(before, after, labels)
    expect(Date.now() - started).to.be.below(5000)
    expect(applyWithPatch(before, out)).to.equal(after)
  })
})
