import {expect} from 'chai'

import {unifiedDiff} from '../../src/lib/configure/diff.js'

const labels = {fromLabel: 'a/config', toLabel: 'b/config'}
const lines = (n: number, prefix = 'line') => Array.from({length: n}, (_, i) => `${prefix} ${i + 1}`)
const text = (ls: string[]) => ls.map((l) => `${l}\n`).join('')

describe('configure --dry-run: the unified diff, in process', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', labels)).to.equal('')
  })

  it('shows a new file as one hunk from 0,0', () => {
    expect(unifiedDiff('', '[profile dev]\nregion = x\n', labels)).to.equal('--- a/config\n+++ b/config\n@@ -0,0 +1,2 @@\n+[profile dev]\n+region = x\n')
  })

  it('shows one changed line with three lines of context on each side', () => {
    const before = lines(10)
    const after = [...before]
    after[4] = 'changed'
    expect(unifiedDiff(text(before), text(after), labels)).to.equal(
      ['--- a/config', '+++ b/config', '@@ -2,7 +2,7 @@', ' line 2', ' line 3', ' line 4', '-line 5', '+changed', ' line 6', ' line 7', ' line 8', ''].join(
        '\n',
      ),
    )
  })

  it('joins changes up to six unchanged lines apart into one hunk, and splits them past that', () => {
    const before = lines(20)
    const near = [...before]
    near[2] = 'x'
    near[9] = 'y'
    expect(unifiedDiff(text(before), text(near), labels).match(/^@@/gm)).to.have.length(1)
    const far = [...before]
    far[2] = 'x'
    far[10] = 'y'
    const diff = unifiedDiff(text(before), text(far), labels)
    expect(diff.match(/^@@.*$/gm)).to.deep.equal(['@@ -1,6 +1,6 @@', '@@ -8,7 +8,7 @@'])
  })

  it('marks a last line without its newline the way diff -u does', () => {
    expect(unifiedDiff('a\nb', 'a\nb\nc\n', labels)).to.equal(
      ['--- a/config', '+++ b/config', '@@ -1,2 +1,3 @@', ' a', '-b', String.raw`\ No newline at end of file`, '+b', '+c', ''].join('\n'),
    )
  })

  it('lists removals before additions for a replaced block, with each side counted', () => {
    expect(unifiedDiff('keep\nold 1\nold 2\nkeep\n', 'keep\nnew\nkeep\n', labels)).to.equal(
      ['--- a/config', '+++ b/config', '@@ -1,4 +1,3 @@', ' keep', '-old 1', '-old 2', '+new', ' keep', ''].join('\n'),
    )
  })
})
