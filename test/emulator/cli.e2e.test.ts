import {expect} from 'chai'
import {type ChildProcess, spawn} from 'node:child_process'
import {once} from 'node:events'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))

describe('emulator CLI', () => {
  const children: ChildProcess[] = []

  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  })

  function startCli(args: string[]): {child: ChildProcess; firstLine: Promise<string>} {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'cli.ts'), ...args], {stdio: ['ignore', 'pipe', 'pipe']})
    children.push(child)
    let out = ''
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout?.setEncoding('utf8').on('data', (d: string) => {
        out += d
        if (out.includes('\n')) resolve(out)
      })
      child.on('exit', (code) => reject(new Error(`exited ${code} before printing: ${out}`)))
    })
    return {child, firstLine}
  }

  it('prints exactly "listening on URL", serves, and exits 0 on SIGTERM', async () => {
    const {child, firstLine} = startCli(['--port', '0', '--auto-approve', '--accounts', '42', '--access-token-seconds', '30'])
    const line = await firstLine
    const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n$/.exec(line)
    expect(m, line).to.not.equal(null)
    const url = (m as RegExpExecArray)[1]
    const fixture = (await (await fetch(`${url}/_emulator/fixture`)).json()) as {accounts: unknown[]}
    expect(fixture.accounts).to.have.length(42)
    const lifetimes = (await (await fetch(`${url}/_emulator/lifetimes`)).json()) as Record<string, number>
    expect(lifetimes.accessTokenSeconds).to.equal(30)
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).to.equal(0)
  })

  it('exits 2 with usage on a bad flag', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'cli.ts'), '--port', 'abc'], {stdio: ['ignore', 'pipe', 'pipe']})
    children.push(child)
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d
    })
    const [code] = await once(child, 'exit')
    expect(code).to.equal(2)
    expect(err).to.include('--port needs a non-negative number').and.include('Usage:')
  })
})
