import {expect} from 'chai'

import {progressBar, renderProgress} from '../../src/lib/progress-bar.js'

describe('configure: progress bar', () => {
  it('renders a bar and draws only on a terminal', () => {
    expect(renderProgress(150, 300, 'accounts', 60)).to.equal(`[${'#'.repeat(20)}${'.'.repeat(20)}] 150/300 accounts`)
    const writes: string[] = []
    progressBar({isTTY: false, write: (t) => writes.push(t)}, 'accounts').update(1, 2)
    expect(writes).to.deep.equal([])
    let t = 0
    const bar = progressBar({isTTY: true, columns: 60, write: (s) => writes.push(s)}, 'accounts', 100, () => t)
    bar.update(1, 3)
    t = 50
    bar.update(2, 3)
    t = 60
    bar.update(3, 3)
    bar.done()
    expect(writes).to.have.length(3)
    expect(writes[1]).to.contain('3/3 accounts')
    expect(writes[2]).to.equal('\r\u001B[K')
  })
})
