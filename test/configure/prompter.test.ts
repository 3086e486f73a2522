import {expect} from 'chai'
import {PassThrough} from 'node:stream'

import {filterChoices, inquirerPrompter, PromptCancelledError} from '../../src/lib/configure/prompter.js'

const DOWN = '\u001B[B'
const PAGE_DOWN = '\u001B[6~'
const PAGE_UP = '\u001B[5~'

/** Real @inquirer prompts on in-memory streams: keys go in, the rendered screen comes out. */
function harness() {
  const input = new PassThrough()
  const output = new PassThrough()
  let screen = ''
  output.on('data', (d: Buffer) => {
    screen += d.toString('utf8')
  })
  const prompter = inquirerPrompter({input, output})
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      // One key per tick, as a terminal delivers them; the prompt re-renders in between.
      await new Promise((r) => {
        setTimeout(r, 15)
      })
      input.write(k)
    }
  }

  // eslint-disable-next-line no-control-regex -- the rendered screen's escape sequences are what is removed
  return {prompter, type, screen: () => screen.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, '')}
}

const accounts = [
  {value: '111111111111', name: 'dev (111111111111)', description: 'dev@example.com'},
  {value: '222222222222', name: 'prod (222222222222)', description: 'prod@example.com'},
  {value: '333333333333', name: 'shared-services (333333333333)', description: 'shared@example.com'},
]

describe('configure prompter on real prompts', function () {
  // In process, but each prompt loads and renders the real library key by key: on a busy machine
  // that can take longer than the unit specs' 10 s.
  this.timeout(60_000)

  it('input shows the default in brackets and returns it for an empty answer', async () => {
    const h = harness()
    const answer = h.prompter.input({message: 'SSO Region', default: 'us-east-2'})
    await h.type('\r')
    expect(await answer).to.equal('us-east-2')
    expect(h.screen()).to.contain('SSO Region [us-east-2]:')
  })

  it('input re-asks until the validator accepts, then returns the typed value', async () => {
    const h = harness()
    const answer = h.prompter.input({message: 'SSO start URL', validate: (v) => (v.startsWith('https://') ? undefined : 'Not https')})
    await h.type('http://x', '\r')
    await h.type('\u007F'.repeat(8), 'https://d-1.awsapps.com/start', '\r')
    expect(await answer).to.equal('https://d-1.awsapps.com/start')
    expect(h.screen()).to.contain('SSO start URL [None]:').and.contain('Not https')
  })

  it('search filters as you type and takes arrow keys and Enter', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts})
    await h.type(...'example')
    await h.type(DOWN, DOWN, '\u001B[A', DOWN, '\r')
    expect(await answer).to.equal('333333333333')
    const narrowed = harness()
    const one = narrowed.prompter.search({message: 'Select an account', choices: accounts})
    await narrowed.type('s', 'e', 'r', '\r')
    expect(await one).to.equal('333333333333')
    expect(narrowed.screen()).to.contain('shared-services (333333333333)')
  })

  it('search: a term and Enter that arrive in one read pick what the term matches', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts})
    await h.type('shared-services\r')
    expect(await answer).to.equal('333333333333')
    // The default is listed first only while nothing is typed: a term overrides it.
    const preferred = harness()
    const other = preferred.prompter.search({message: 'Select an account', choices: accounts, default: '111111111111'})
    await preferred.type('prod\r')
    expect(await other).to.equal('222222222222')
  })

  it('search: Enter on no match keeps the prompt open with the term; correcting it then picks', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts})
    await h.type(...'zzz', '\r')
    await h.type('\u007F', '\u007F', '\u007F', ...'dev', '\r')
    expect(await answer).to.equal('111111111111')
    expect(h.screen()).to.contain('No match; change the search.')
  })

  it('search: typing after moving the cursor starts again from the first match', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts})
    await h.type(DOWN, DOWN, ...'example', '\r')
    expect(await answer).to.equal('111111111111')
  })

  it('search: PageDown and PageUp move by a page, within the list', async () => {
    const many = Array.from({length: 25}, (_, i) => ({value: i, name: `account-${String(i).padStart(2, '0')}`}))
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: many, pageSize: 10})
    await h.type(PAGE_DOWN, PAGE_DOWN, PAGE_DOWN, PAGE_UP, '\r')
    expect(await answer).to.equal(14)
  })

  it('search starts on the current value, so Enter keeps it', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts, default: '222222222222'})
    await h.type('\r')
    expect(await answer).to.equal('222222222222')
  })

  it('search matches the email address too', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts})
    await h.type(...'prod@', '\r')
    expect(await answer).to.equal('222222222222')
  })

  it('Ctrl-C inside a prompt becomes PromptCancelledError (exit 130)', async () => {
    const h = harness()
    const answer = h.prompter.input({message: 'CLI default client Region'})
    await h.type('eu', '\u0003')
    const error = await answer.catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(PromptCancelledError)
    expect((error as PromptCancelledError).exitCode).to.equal(130)
  })

  it('Ctrl-C inside the search becomes PromptCancelledError too', async () => {
    const h = harness()
    const answer = h.prompter.search({message: 'Select an account', choices: accounts})
    await h.type('pro', '\u0003')
    const error = await answer.catch((error_: unknown) => error_)
    expect(error).to.be.instanceOf(PromptCancelledError)
  })

  it('filterChoices matches every word, case-insensitively, in name or description', () => {
    expect(filterChoices(accounts, 'SHARED 333').map((c) => c.value)).to.deep.equal(['333333333333'])
    expect(filterChoices(accounts, '  ')).to.have.length(3)
    expect(filterChoices(accounts, 'example.com prod').map((c) => c.value)).to.deep.equal(['222222222222'])
  })
})
