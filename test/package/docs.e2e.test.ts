import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'

import {repoRoot} from '../support/package.js'
import {cleanEnv, describeRun, run} from '../support/run.js'

/** Every Markdown file a reader of the repository meets: the README, the top-level guides and docs/. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === 'api' ? [] : walk(path)
      return entry.name.endsWith('.md') ? [path] : []
    })
  const top = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].map((name) => join(repoRoot, name))
  return [...top.filter((file) => existsSync(file)), ...walk(join(repoRoot, 'docs'))]
}

/** GitHub's anchor for a heading: lower case, punctuation other than - and _ dropped, spaces to -. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replaceAll(/[^\p{L}\p{N}\- _]/gu, '')
    .replaceAll(' ', '-')
}

/** The anchors a Markdown file offers: ATX headings, and setext headings (oclif's pages use them). */
function anchors(text: string): Set<string> {
  const out = new Set<string>()
  const lines = text.replaceAll(/```[\s\S]*?```/g, '').split('\n')
  for (const [i, line] of lines.entries()) {
    const atx = /^#{1,6}\s+(.*?)\s*#*$/.exec(line)
    if (atx) out.add(slug(atx[1]))
    else if (/^=+$|^-+$/.test(lines[i + 1] ?? '') && line.trim() !== '') out.add(slug(line))
  }

  return out
}

/** Links of the form [text](target), outside fenced code, that point inside the repository. */
function relativeLinks(text: string): string[] {
  const prose = text.replaceAll(/```[\s\S]*?```/g, '').replaceAll(/`[^`\n]*`/g, (code) => (code.includes('](') ? '' : code))
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z][\w+.-]*:/i.test(target))
}

describe('README and docs', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8').replaceAll('\r\n', '\n')

  it('the README stays short: at most 400 lines', () => {
    expect(readme.split('\n').length).to.be.at.most(400)
  })

  it('its first screenful gives the two commands: see it work, run the tests', () => {
    const firstScreen = readme.split('\n').slice(0, 24).join('\n')
    expect(firstScreen).to.match(/^npm ci && npm run demo\b/m)
    expect(firstScreen).to.match(/^npm test\b/m)
    const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8')
    expect(ci, '.ci/run runs the README test command').to.match(/^npm test$/m)
  })

  it("the README's table of which client runs credential_process is the one the interop suite observes in docs/profile-shapes.md", () => {
    const table = (text: string) => /<!-- credential-process-table -->\n[\s\S]*?<!-- \/credential-process-table -->/.exec(text.replaceAll('\r\n', '\n'))?.[0]
    const observed = table(readFileSync(join(repoRoot, 'docs', 'profile-shapes.md'), 'utf8'))
    expect(observed, 'docs/profile-shapes.md has the table').to.be.a('string')
    expect(table(readme)).to.equal(observed)
  })

  it('every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/ resolves, anchors included', () => {
    const broken: string[] = []
    for (const file of markdownFiles()) {
      const text = readFileSync(file, 'utf8').replaceAll('\r\n', '\n')
      for (const link of relativeLinks(text)) {
        const [path, anchor] = link.split('#', 2)
        const target = path === '' ? file : join(dirname(file), decodeURIComponent(path))
        const where = `${relative(repoRoot, file)} → ${link}`
        if (!existsSync(target)) {
          broken.push(`${where}: no such file`)
          continue
        }

        if (anchor && statSync(target).isFile() && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${where}: no heading with that anchor`)
        }
      }
    }

    expect(broken).to.deep.equal([])
  })

  it('the command reference (README topic list, docs/commands/) is what `oclif readme` makes of the built commands', async () => {
    const result = await run(process.execPath, [join(repoRoot, 'scripts', 'readme.mjs'), '--check'], {cwd: repoRoot, env: cleanEnv(), timeoutMs: 60_000})
    expect(result.code, describeRun('readme --check', result)).to.equal(0)
    const pages = readdirSync(join(repoRoot, 'docs', 'commands'))
    for (const id of ['credential-process', 'login', 'logout', 'configure', 'exec', 'export', 'roles', 'check', 'console', 'serve', 'status']) {
      expect(pages, id).to.include(`${id}.md`)
      expect(readme, id).to.contain(`(docs/commands/${id}.md)`)
    }
  })
})
