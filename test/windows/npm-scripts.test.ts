import {expect} from 'chai'

import {readPackageJson} from '../support/package.js'

describe('Windows: the npm scripts contributors run', () => {
  it("quote globs with double quotes, which cmd.exe (npm's script shell on Windows) and sh both remove (WIN-S1)", () => {
    // cmd.exe passes single quotes on literally: mocha would look for a file named 'test/**/*.test.ts' and
    // find none, and prepack's shx rm would remove nothing, shipping the .d.ts files it is meant to drop.
    const scripts = readPackageJson().scripts ?? {}
    const singleQuoted = Object.entries(scripts).filter(([, command]) => command.includes("'"))
    expect(singleQuoted).to.deep.equal([])
    expect(scripts['test:unit']).to.contain('"test/**/*.test.ts"')
  })
})
