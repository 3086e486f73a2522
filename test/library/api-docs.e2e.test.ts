import {expect} from 'chai'
import {join} from 'node:path'

import {repoRoot} from '../support/cli.js'
import {describeRun, run} from '../support/run.js'

// The API reference is built (`npm run docs`), not committed; this keeps its doc comments complete:
// typedoc.json turns every warning (undocumented export, broken {@link}, type not exported) into an error.
describe('library: API reference', function () {
  this.timeout(300_000)

  it('typedoc builds it from the doc comments without a warning', async () => {
    const result = await run(process.execPath, [join(repoRoot, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none'], {
      cwd: repoRoot,
      timeoutMs: 290_000,
    })
    expect(result.code, describeRun('typedoc', result)).to.equal(0)
    expect(result.stdout + result.stderr).to.not.match(/\[warning\]|\[error\]/)
  })
})
