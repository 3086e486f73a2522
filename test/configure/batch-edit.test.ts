import {expect} from 'chai'

import {editConfigText, type SectionEdit} from '../../src/lib/config/edit.js'
import {editManySections} from '../../src/lib/configure/batch-edit.js'

function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648
    return s / 2_147_483_648
  }
}

const NAMES = ['a', 'b', 'default', 'c.d', 'e']
const LINES = [
  '[profile a]',
  '[profile b]',
  '[default]',
  '[profile default]',
  '[profile "c.d"]',
  '[sso-session a]',
  '[services x]',
  '[DEFAULT]',
  '[other thing]',
  'region = us-east-1',
  'output=json',
  '# note: x = y',
  '; semicolon',
  '',
  's3 =',
  '    max = 1',
  '  continued',
  'sso_role_name : R',
  'junk line',
]

describe('configure: batched section edits', () => {
  it('produce exactly the bytes of editConfigText on random files and edits', () => {
    const rand = rng(7)
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]
    for (let round = 0; round < 400; round++) {
      const eol = rand() < 0.2 ? '\r\n' : '\n'
      const lines = Array.from({length: Math.floor(rand() * 25)}, () => pick(LINES))
      let text = lines.join(eol)
      if (lines.length > 0 && rand() < 0.8) text += eol
      if (rand() < 0.1) text = `\uFEFF${text}`
      const edits: SectionEdit[] = Array.from({length: 1 + Math.floor(rand() * 8)}, () => {
        const kind = rand() < 0.8 ? 'profile' : 'sso-session'
        const edit: SectionEdit = {section: {kind, name: pick(NAMES)}}
        if (rand() < 0.8) edit.set = [[pick(['region', 'output', 'new_key', 's3.max', 'sso_role_name']), `v${round}`]]
        if (rand() < 0.3) edit.remove = [pick(['region', 'output', 's3', 's3.max'])]
        if (rand() < 0.1) edit.replaceAll = true
        return edit
      })
      let expected: string | Error
      try {
        expected = editConfigText(text, edits)
      } catch (error) {
        expected = error as Error
      }

      if (expected instanceof Error) {
        expect(() => editManySections(text, edits), `round ${round}`).to.throw(expected.message)
        continue
      }

      expect(editManySections(text, edits), `round ${round}: ${JSON.stringify(text)} ${JSON.stringify(edits)}`).to.equal(expected)
    }
  })

  it('appends hundreds of new sections in linear time with the same bytes', () => {
    const edits: SectionEdit[] = Array.from({length: 600}, (_, i) => ({
      section: {kind: 'profile', name: `p${i}`},
      set: [
        ['region', 'us-east-1'],
        ['output', 'json'],
      ],
    }))
    const text = '# mine\n[default]\nregion = eu-west-1'
    const started = Date.now()
    const batched = editManySections(text, edits)
    const batchedMs = Date.now() - started
    expect(batched).to.equal(editConfigText(text, edits))
    expect(batchedMs).to.be.below(1500)
  })
})
