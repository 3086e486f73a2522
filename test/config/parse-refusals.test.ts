import {expect} from 'chai'

import {ConfigSyntaxError, parseConfigText} from '../../src/lib/config/parse.js'
import {accepted, refused} from './support/parse-refusals.js'

/** In-process, so mutation testing sees it: the line we print for each text botocore refuses. */
describe('config parser: where botocore gives up, so do we, naming the first such line', () => {
  for (const [text, message] of refused) {
    it(JSON.stringify(text), () => {
      let error: unknown
      try {
        parseConfigText(text)
      } catch (error_) {
        error = error_
      }

      expect(error).to.be.instanceOf(ConfigSyntaxError)
      expect((error as ConfigSyntaxError).message).to.equal(message)
      expect((error as ConfigSyntaxError).exitCode).to.equal(2)
    })
  }

  for (const text of accepted) {
    it(`accepts the near miss ${JSON.stringify(text)}`, () => {
      expect(() => parseConfigText(text)).not.to.throw()
    })
  }
})
