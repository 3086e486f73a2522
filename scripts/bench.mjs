#!/usr/bin/env node
// Whole-process startup benchmark against the budgets in the shipping issue.
//
//   npm run bench                      build, then measure and print the table (exit 0)
//   node scripts/bench.mjs --check     exit 1 when a budget is missed
//   node scripts/bench.mjs --runs 40 --warmup 3
//   node scripts/bench.mjs --node /path/to/node24/bin/node    rows for another Node too (repeatable)
//   node scripts/bench.mjs --heroku    rows through a real host: the Heroku CLI (installed from npm)
//
// Each row alternates its command (A) with `node -e 0` (B) and reports the median of the per-pair
// A/B ratios: this machine's absolute times drift between runs, a ratio to node's own startup
// measured in the same moments does not. Commands run from a staged copy of the package
// (package.json, bin/run.js, dist/ and a fresh oclif.manifest.json), which is what an install has.
import {spawn, spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs'
import {cpus, platform, arch, tmpdir, totalmem} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const node = process.execPath

const {values: opts} = parseArgs({
  options: {
    check: {type: 'boolean', default: false},
    runs: {type: 'string', default: '20'},
    warmup: {type: 'string', default: '2'},
    'memory-runs': {type: 'string', default: '7'},
    node: {type: 'string', multiple: true, default: []},
    heroku: {type: 'boolean', default: false},
    // Heroku takes over a second per start, many more on a busy machine.
    'heroku-runs': {type: 'string', default: '7'},
  },
})
const RUNS = Number(opts.runs)
const WARMUP = Number(opts.warmup)
const MEMORY_RUNS = Number(opts['memory-runs'])
if (!(RUNS >= 1 && WARMUP >= 0 && MEMORY_RUNS >= 1)) throw new Error('--runs, --warmup and --memory-runs take positive numbers')

const START_URL = 'https://d-0000000000.awsapps.com/start'
const SSO_REGION = 'us-east-1'
const ACCOUNT_ID = '123456789012'
const ROLE_NAME = 'MyLeastPrivilegeRole'
const PROFILE = 'bench'

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const isoSeconds = (date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

function mustRun(file, args, options) {
  const result = spawnSync(file, args, {encoding: 'utf8', ...options})
  if (result.status !== 0) {
    throw new Error(`${[file, ...args].join(' ')} exited ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`)
  }

  return result
}

// --- the environment: a temp HOME, a staged package, a host CLI with it linked --------------------

if (!existsSync(join(root, 'dist', 'commands'))) throw new Error('dist/ is missing: run npx tsc -p tsconfig.json (npm run bench builds first)')
const work = mkdtempSync(join(tmpdir(), 'aws-sso-util-bench-'))
process.on('exit', () => rmSync(work, {force: true, recursive: true}))
const linkType = platform() === 'win32' ? 'junction' : 'dir'

const stage = join(work, 'package')
mkdirSync(join(stage, 'bin'), {recursive: true})
cpSync(join(root, 'package.json'), join(stage, 'package.json'))
cpSync(join(root, 'bin', 'run.js'), join(stage, 'bin', 'run.js'))
cpSync(join(root, 'bin', 'package.json'), join(stage, 'bin', 'package.json'))
cpSync(join(root, 'dist'), join(stage, 'dist'), {recursive: true})
symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), linkType)
mustRun(node, [join(root, 'node_modules', 'oclif', 'bin', 'run.js'), 'manifest'], {cwd: stage, env: {...process.env, NODE_ENV: 'production'}})

const home = join(work, 'home')
const awsDir = join(home, '.aws')
mkdirSync(join(awsDir, 'cli', 'cache'), {recursive: true})
mkdirSync(join(awsDir, 'sso', 'cache'), {recursive: true})
writeFileSync(
  join(awsDir, 'config'),
  `[profile ${PROFILE}]\nsso_start_url = ${START_URL}\nsso_region = ${SSO_REGION}\nsso_account_id = ${ACCOUNT_ID}\nsso_role_name = ${ROLE_NAME}\nregion = us-east-1\n`,
)
const {roleCredentialsCacheKey} = await import(pathToFileURL(join(stage, 'dist', 'lib', 'cache', 'cache-keys.js')).href)
const credsFile = join(awsDir, 'cli', 'cache', `${roleCredentialsCacheKey({accountId: ACCOUNT_ID, roleName: ROLE_NAME, startUrl: START_URL})}.json`)
const warmCreds = {
  AccessKeyId: 'ASIABENCHMARKEXAMPLE',
  SecretAccessKey: 'bench-secret',
  SessionToken: 'bench-session-token',
  Expiration: isoSeconds(new Date(Date.now() + 3600 * 1000)),
}
const writeWarmCache = () => writeFileSync(credsFile, JSON.stringify({ProviderType: 'sso', Credentials: warmCreds}), {mode: 0o600})
const warmLine = JSON.stringify({Version: 1, ...warmCreds, AccountId: ACCOUNT_ID}) + '\n'

const host = join(work, 'host')
mkdirSync(join(host, 'bin'), {recursive: true})
mkdirSync(join(host, 'commands'))
writeFileSync(
  join(host, 'package.json'),
  JSON.stringify({
    name: 'host-cli',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: {'@oclif/core': '^4', '@oclif/plugin-help': '^6', '@oclif/plugin-plugins': '^5'},
    oclif: {bin: 'host', dirname: 'host-cli', commands: './commands', topicSeparator: ' ', plugins: ['@oclif/plugin-help', '@oclif/plugin-plugins']},
  }),
)
writeFileSync(join(host, 'bin', 'host.js'), `import {execute} from '@oclif/core'\n\nawait execute({dir: import.meta.url})\n`)
symlinkSync(join(root, 'node_modules'), join(host, 'node_modules'), linkType)

// Settings that say how this machine reaches the registry (CA file, proxy), kept when the rest of
// what `npm run` exports is dropped: a Node fetched from the registry looks for npm's global config
// beside itself and would lose them.
const NPM_NETWORK_SETTINGS = /^npm_config_(cache|userconfig|globalconfig|cafile|ca|registry|proxy|https_proxy|noproxy|strict_ssl)$/i
const withoutNpmScriptEnv = (source) => Object.fromEntries(Object.entries(source).filter(([k]) => !/^npm_/i.test(k) || NPM_NETWORK_SETTINGS.test(k)))

/** npm as `npm run` started it, without the variables npm exports to scripts. */
function npm(args, options) {
  const cleaned = withoutNpmScriptEnv(options.env ?? process.env)
  const cli = process.env.npm_execpath
  return cli && /\.c?js$/.test(cli)
    ? mustRun(node, [cli, ...args], {...options, env: cleaned})
    : mustRun(platform() === 'win32' ? 'npm.cmd' : 'npm', args, {...options, env: cleaned, shell: platform() === 'win32'})
}

// The host's npm runs with HOME moved; it keeps the user's npm cache and config files.
const npmSettings = Object.fromEntries(
  npm(['config', 'get', 'cache', 'userconfig', 'globalconfig'], {cwd: work})
    .stdout.split(/\r?\n/)
    .map((line) => /^(cache|userconfig|globalconfig)=(.+)$/.exec(line.trim()))
    .filter((m) => m && (m[1] === 'cache' || existsSync(m[2])))
    .map((m) => [`npm_config_${m[1]}`, m[2]]),
)

const env = {
  PATH: process.env.PATH,
  HOME: home,
  USERPROFILE: home,
  SystemRoot: process.env.SystemRoot,
  LANG: 'C.UTF-8',
  AWS_CONFIG_FILE: join(awsDir, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(awsDir, 'credentials'),
  XDG_DATA_HOME: join(work, 'xdg', 'data'),
  XDG_CONFIG_HOME: join(work, 'xdg', 'config'),
  XDG_CACHE_HOME: join(work, 'xdg', 'cache'),
  OCLIF_SKIP_NEW_VERSION_CHECK: 'true',
}
for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]

// A real `plugins install` of the packed package: the plugin then loads its own copy of
// @oclif/core beside the host's, as it does for users. (A linked plugin is not comparable: oclif
// looks for TypeScript sources for those and loads the compiler when it can find one.)
process.stderr.write('bench: packing and installing the plugin into a host CLI…\n')
const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: stage}).stdout)
mustRun(node, [join(host, 'bin', 'host.js'), 'plugins', 'install', `file:${join(work, packed[0].filename)}`], {
  cwd: home,
  // The measured runs get a minimal environment; the install also needs this machine's CA and proxy settings.
  env: {...withoutNpmScriptEnv(process.env), ...env, ...npmSettings},
})

// --- the emulator, as a child so that spawnSync below cannot starve it ----------------------------

async function startEmulator() {
  const child = spawn(node, ['--import', 'tsx', join(root, 'test', 'emulator', 'cli.ts'), '--port', '0', '--auto-approve'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise((resolvePromise, reject) => {
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d
      const match = /listening on (\S+)/.exec(out)
      if (match) resolvePromise(match[1])
    })
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)))
  })
  process.on('exit', () => child.kill())
  return {child, url}
}

/** A real token from the emulator by the device flow (auto-approved), written where the SDKs look. */
async function writeValidToken(url) {
  const post = async (path, body) => {
    const response = await fetch(`${url}${path}`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
    return response.json()
  }

  const client = await post('/client/register', {clientName: 'bench', clientType: 'public'})
  const auth = await post('/device_authorization', {clientId: client.clientId, clientSecret: client.clientSecret, startUrl: START_URL})
  const token = await post('/token', {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    deviceCode: auth.deviceCode,
    grantType: 'urn:ietf:params:oauth:grant-type:device_code',
  })
  const file = join(awsDir, 'sso', 'cache', `${createHash('sha1').update(START_URL).digest('hex')}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      startUrl: START_URL,
      region: SSO_REGION,
      accessToken: token.accessToken,
      expiresAt: isoSeconds(new Date(Date.now() + token.expiresIn * 1000)),
    }),
    {mode: 0o600},
  )
}

const emulator = await startEmulator()
await writeValidToken(emulator.url)
const emulatorEnv = {...env, AWS_ENDPOINT_URL_SSO: emulator.url, AWS_ENDPOINT_URL_SSO_OIDC: emulator.url}

// --- scenarios ----------------------------------------------------------------------------------

const credentialJson =
  /^\{"Version":1,"AccessKeyId":"[^"]+","SecretAccessKey":"[^"]+","SessionToken":"[^"]+","Expiration":"[^"]+","AccountId":"123456789012"\}\n$/
const run = [join(stage, 'bin', 'run.js')]
const hostBin = [join(host, 'bin', 'host.js')]
// What `configure profile` writes in a host with no standalone on PATH: the installed plugin's own bin.
const pluginRunJs = join(env.XDG_DATA_HOME, 'host-cli', 'node_modules', 'aws-sso-util', 'bin', 'run.js')
if (!existsSync(pluginRunJs)) throw new Error(`the plugin is not where configure expects it: ${pluginRunJs}`)

const nodeBaseline = (nodePath = node) => ({name: `node -e 0${nodePath === node ? '' : ` (${nodeVersion(nodePath)})`}`, node: nodePath, args: ['-e', '0'], env})
const warmStandalone = (nodePath = node, extraEnv = {}) => ({
  name: `credential-process, warm cache, standalone (node bin/run.js)${describeNode(nodePath, extraEnv)}`,
  node: nodePath,
  args: [...run, 'credential-process', '--profile', PROFILE],
  env: {...env, ...extraEnv},
  before: writeWarmCache,
  expect: (out) => out === warmLine,
})
const warmPluginLine = (nodePath = node, extraEnv = {}) => ({
  name: `credential-process, warm cache, the line configure writes in a host (node <plugin>/bin/run.js)${describeNode(nodePath, extraEnv)}`,
  node: nodePath,
  args: [pluginRunJs, 'credential-process', '--profile', PROFILE],
  env: {...env, ...extraEnv},
  before: writeWarmCache,
  expect: (out) => out === warmLine,
})
const hostVersion = (nodePath = node) => ({
  name: `host --version (the host CLI alone)${describeNode(nodePath)}`,
  node: nodePath,
  args: [...hostBin, '--version'],
  env,
  expect: (out) => out.startsWith('host-cli/'),
})
const throughHost = (nodePath = node) => ({
  name: `credential-process, warm cache, through a plugin host (host credential-process)${describeNode(nodePath)}`,
  node: nodePath,
  args: [...hostBin, 'credential-process', '--profile', PROFILE],
  env,
  before: writeWarmCache,
  expect: (out) => out === warmLine,
})

function nodeVersion(nodePath) {
  return spawnSync(nodePath, ['--version'], {encoding: 'utf8'}).stdout.trim()
}

function describeNode(nodePath, extraEnv = {}) {
  const parts = [
    ...(nodePath === node ? [] : [nodeVersion(nodePath)]),
    ...(extraEnv.NODE_COMPILE_CACHE ? ["Node's module compile cache instead of ours"] : []),
    ...(extraEnv.NODE_DISABLE_COMPILE_CACHE ? ['no code cache'] : []),
  ]
  return parts.length > 0 ? ` [${parts.join(', ')}]` : ''
}

const compileCacheDir = join(work, 'compile-cache')
// Our V8 code cache (src/fast/code-cache.ts) is on by default. The comparison rows turn it off by
// giving it a cache directory that cannot be made (its parent is a file); NODE_DISABLE_COMPILE_CACHE
// would turn Node's own cache off too.
const blockedCacheHome = join(work, 'not-a-directory')
writeFileSync(blockedCacheHome, '')
const nodeCacheOnly = {NODE_COMPILE_CACHE: compileCacheDir, XDG_CACHE_HOME: join(blockedCacheHome, 'cache')}
const noCodeCache = {NODE_DISABLE_COMPILE_CACHE: '1'}
const scenarios = [
  {...warmStandalone(), budget: 1.3, memoryBudgetMiB: 60},
  {...warmStandalone(node, noCodeCache)},
  {...warmPluginLine(), budget: 1.3},
  {...warmPluginLine(), against: warmStandalone(), budget: 1.1},
  {...throughHost(), against: hostVersion(), budget: 1.15},
  {
    name: 'credential-process, warm cache, through a plugin host under its aws-sso topic (host aws-sso credential-process)',
    args: [...hostBin, 'aws-sso', 'credential-process', '--profile', PROFILE],
    env,
    before: writeWarmCache,
    expect: (out) => out === warmLine,
    against: hostVersion(),
    budget: 1.15,
  },
  {
    name: 'aws-sso-util --help',
    args: [...run, '--help'],
    env,
    expect: (out) => out.includes('USAGE'),
    budget: 3,
  },
  {
    name: 'credential-process, cache miss, valid token (emulator)',
    args: [...run, 'credential-process', '--profile', PROFILE],
    env: emulatorEnv,
    before() {
      if (existsSync(credsFile)) unlinkSync(credsFile)
    },
    expect: (out) => credentialJson.test(out) && out !== warmLine,
    budget: 3,
  },
  // Floors the budgets sit on, to tell our cost from the framework's.
  {...hostVersion(), name: 'reference: host --version (the host CLI alone)'},
  {
    name: "reference: import('@oclif/core') alone",
    args: [join(stage, 'oclif-core-only.mjs')],
    env,
  },
]

// Rows for other Node versions (Node 24 from the registry: see .ci/run): the warm paths, with our
// code cache, with Node's module compile cache instead, and with neither, each against that Node's
// own start.
for (const other of opts.node) {
  scenarios.push(
    {...warmStandalone(other), against: nodeBaseline(other), budget: 1.3},
    {...warmStandalone(other, nodeCacheOnly), against: nodeBaseline(other)},
    {...warmStandalone(other, noCodeCache), against: nodeBaseline(other)},
    {...warmPluginLine(other), against: nodeBaseline(other), budget: 1.3},
    {...throughHost(other), against: hostVersion(other), budget: 1.15},
  )
}

// The compile cache on this Node too, where it exists (22.1 and later).
if (Number(process.versions.node.split('.')[0]) >= 22) {
  scenarios.push({...warmStandalone(node, nodeCacheOnly)})
}

if (opts.heroku) scenarios.push(...(await herokuScenarios()))

/**
 * A real, widely used host: Heroku CLI 11.10.0 with its plugins and hooks, our packed package
 * installed by its own plugins:install. Telemetry and update checks off, as in the test.
 */
async function herokuScenarios() {
  // The copy test/package/heroku-host.e2e.test.ts keeps between runs, when there is one.
  const testCopy = join(tmpdir(), 'aws-sso-util-test-heroku-11.10.0')
  const prefix = existsSync(join(testCopy, 'node_modules', 'heroku', 'bin', 'run.js')) ? testCopy : join(work, 'heroku')
  if (prefix !== testCopy) {
    process.stderr.write('bench: installing heroku@11.10.0 from the npm registry…\n')
    npm(['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', 'heroku@11.10.0'], {
      cwd: work,
      env: {...withoutNpmScriptEnv(process.env), ...npmSettings},
    })
  }

  const entry = join(prefix, 'node_modules', 'heroku', 'bin', 'run.js')
  const herokuEnv = {
    ...env,
    PATH: [join(prefix, 'node_modules', '.bin'), process.env.PATH].join(platform() === 'win32' ? ';' : ':'),
    DISABLE_TELEMETRY: 'true',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    HEROKU_DISABLE_AUTOUPDATE: '1',
  }
  mustRun(node, [entry, 'plugins:install', `file:${join(work, packed[0].filename)}`], {
    cwd: home,
    env: {...withoutNpmScriptEnv(process.env), ...herokuEnv, ...npmSettings},
  })
  // The first run shows a one-time terms-of-service notice; get it out of the way.
  mustRun(node, [entry, '--version'], {cwd: home, env: herokuEnv})
  const runs = Number(opts['heroku-runs'])
  const version = {name: 'heroku --version', args: [entry, '--version'], env: herokuEnv, expect: (out) => out.startsWith('heroku/')}
  const herokuRunJs = join(env.XDG_DATA_HOME, 'heroku', 'node_modules', 'aws-sso-util', 'bin', 'run.js')
  return [
    {...version, name: 'reference: heroku --version (Heroku CLI 11.10.0 alone)', runs},
    {
      name: 'credential-process, warm cache, through Heroku (heroku aws-sso:credential-process)',
      args: [entry, 'aws-sso:credential-process', '--profile', PROFILE],
      env: herokuEnv,
      before: writeWarmCache,
      expect: (out) => out === warmLine,
      against: version,
      budget: 1.15,
      runs,
    },
    {
      name: 'credential-process, warm cache, the line configure writes in Heroku (node <plugin>/bin/run.js)',
      args: [herokuRunJs, 'credential-process', '--profile', PROFILE],
      env,
      before: writeWarmCache,
      expect: (out) => out === warmLine,
      against: warmStandalone(),
      budget: 1.1,
    },
  ]
}

writeFileSync(join(stage, 'oclif-core-only.mjs'), "await import('@oclif/core')\n")
const baseline = nodeBaseline()

function timeOnce(scenario) {
  scenario.before?.()
  const started = process.hrtime.bigint()
  const result = spawnSync(scenario.node ?? node, scenario.args, {env: scenario.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true})
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  if (result.status !== 0 || (scenario.expect && !scenario.expect(result.stdout))) {
    throw new Error(`${scenario.name}: exit ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`)
  }

  return seconds
}

const timeBin = platform() === 'linux' && existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined
const usageProbe = join(work, 'usage.mjs')
writeFileSync(
  usageProbe,
  `import {writeFileSync} from 'node:fs'\nprocess.on('exit', () => {\n  const u = process.resourceUsage()\n  writeFileSync(process.env.BENCH_USAGE_FILE, [u.userCPUTime + u.systemCPUTime, u.maxRSS].join(' '))\n})\n`,
)

/**
 * CPU seconds (user + system) and peak resident set in KiB of one run: from GNU time, or from
 * Node's own resourceUsage() in an exit hook where there is no GNU time. CPU time hardly moves
 * when other processes compete for the cores, so it backs up the wall-clock ratio on a busy machine.
 */
function usage(scenario) {
  scenario.before?.()
  if (timeBin) {
    const result = spawnSync(timeBin, ['-f', '%U %S %M', scenario.node ?? node, ...scenario.args], {env: scenario.env, encoding: 'utf8'})
    if (result.status !== 0) throw new Error(`${scenario.name}: ${result.stderr}`)
    const [user, system, kib] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number)
    return {cpu: user + system, kib}
  }

  const file = join(work, 'usage.txt')
  const result = spawnSync(scenario.node ?? node, ['--import', pathToFileURL(usageProbe).href, ...scenario.args], {
    env: {...scenario.env, BENCH_USAGE_FILE: file},
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`${scenario.name}: ${result.stderr}`)
  const [micros, kib] = readFileSync(file, 'utf8').split(' ').map(Number)
  return {cpu: micros / 1e6, kib}
}

const rows = []
const baselineKiB = []
for (const scenario of scenarios) {
  const against = scenario.against ?? baseline
  for (let i = 0; i < WARMUP; i++) {
    timeOnce(scenario)
    timeOnce(against)
  }

  const a = []
  const b = []
  const ratios = []
  for (let i = 0; i < (scenario.runs ?? RUNS); i++) {
    a.push(timeOnce(scenario))
    b.push(timeOnce(against))
    ratios.push(a.at(-1) / b.at(-1))
  }

  const kib = []
  const cpuRatios = []
  for (let i = 0; i < Math.min(MEMORY_RUNS, scenario.runs ?? MEMORY_RUNS); i++) {
    const ua = usage(scenario)
    const ub = usage(against)
    kib.push(ua.kib)
    if (against === baseline) baselineKiB.push(ub.kib)
    // GNU time reports CPU in 10 ms steps; a zero would make the ratio meaningless.
    if (ub.cpu > 0) cpuRatios.push(ua.cpu / ub.cpu)
  }

  rows.push({
    scenario,
    against,
    a: median(a),
    b: median(b),
    ratio: median(ratios),
    cpuRatio: cpuRatios.length > 0 ? median(cpuRatios) : Number.NaN,
    peakMiB: median(kib) / 1024,
  })
}

const baselineMiB = median(baselineKiB) / 1024
emulator.child.kill()

// --- the library against a credential_process spawn, in one Node program -------------------------
// A program that imports the package by name (through its `exports`), times the import, then the
// first credentials from a warm cache, then, in the same moments, one credential_process spawn as
// an SDK's process provider would run it. One fresh program per run, RUNS runs, medians.

writeFileSync(
  join(stage, 'library-first-credentials.mjs'),
  `import {execFile} from 'node:child_process'
const started = performance.now()
const {fromAwsSsoUtil} = await import('aws-sso-util')
const imported = performance.now()
const creds = await fromAwsSsoUtil({profile: ${JSON.stringify(PROFILE)}})()
const first = performance.now()
if (creds.accessKeyId !== ${JSON.stringify(warmCreds.AccessKeyId)}) throw new Error('library: not the cached credentials')
const spawnStarted = performance.now()
const out = await new Promise((resolve, reject) =>
  execFile(process.execPath, [${JSON.stringify(join(stage, 'bin', 'run.js'))}, 'credential-process', '--profile', ${JSON.stringify(PROFILE)}], (error, stdout) =>
    error ? reject(error) : resolve(stdout),
  ),
)
const spawned = performance.now()
if (JSON.parse(out).AccessKeyId !== creds.accessKeyId) throw new Error('credential_process: not the cached credentials')
process.stdout.write(JSON.stringify({importMs: imported - started, firstMs: first - imported, spawnMs: spawned - spawnStarted}))
`,
)
const libraryRuns = []
for (let i = 0; i < WARMUP + RUNS; i++) {
  writeWarmCache()
  const result = spawnSync(node, [join(stage, 'library-first-credentials.mjs')], {env, encoding: 'utf8'})
  if (result.status !== 0) throw new Error(`library program: exit ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`)
  if (i >= WARMUP) libraryRuns.push(JSON.parse(result.stdout))
}

const libraryMs = (key) => median(libraryRuns.map((r) => r[key]))
const LIBRARY_FIRST_BUDGET_MS = 10
const libraryOk = libraryMs('firstMs') <= LIBRARY_FIRST_BUDGET_MS

// --- report -------------------------------------------------------------------------------------

const cpu = cpus()
const lines = [
  `Machine: ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()}-${arch()}, Node ${process.version}`,
  `Wall: medians of ${RUNS} alternating runs (A, then B: node -e 0 unless the row names another B) after ${WARMUP} warm-ups; ratio = median of per-pair A/B.`,
  `CPU (user+sys) ratio and peak RSS: medians of ${MEMORY_RUNS} more alternating runs (${timeBin ? 'GNU time' : 'process.resourceUsage()'}); node -e 0 peaks at ${baselineMiB.toFixed(1)} MiB.`,
  'Budgets apply to the wall ratio and, for the warm standalone path, to peak RSS.',
  '',
  '| command (A) | B | wall A | wall B | wall A/B | CPU A/B | budget | peak RSS | result |',
  '|---|---|---|---|---|---|---|---|---|',
]
let failed = 0
for (const row of rows) {
  if (row.scenario.budget === undefined) {
    lines.push(
      `| ${row.scenario.name} | ${row.against.name} | ${row.a.toFixed(3)} s | ${row.b.toFixed(3)} s | ${row.ratio.toFixed(2)}× | ${row.cpuRatio.toFixed(2)}× | — | ${row.peakMiB.toFixed(1)} MiB | — |`,
    )
    continue
  }

  const timeOk = row.ratio <= row.scenario.budget
  const memoryOk = row.scenario.memoryBudgetMiB === undefined || row.peakMiB <= row.scenario.memoryBudgetMiB
  if (!timeOk) failed++
  if (!memoryOk) failed++
  const budget = `≤ ${row.scenario.budget}×` + (row.scenario.memoryBudgetMiB ? `, ≤ ${row.scenario.memoryBudgetMiB} MiB` : '')
  const verdict = [timeOk ? 'PASS' : 'FAIL', ...(row.scenario.memoryBudgetMiB ? [memoryOk ? 'PASS' : 'FAIL'] : [])].join(' / ')
  lines.push(
    `| ${row.scenario.name} | ${row.against.name} | ${row.a.toFixed(3)} s | ${row.b.toFixed(3)} s | **${row.ratio.toFixed(2)}×** | ${row.cpuRatio.toFixed(2)}× | ${budget} | ${row.peakMiB.toFixed(1)} MiB | ${verdict} |`,
  )
}

if (!libraryOk) failed++
lines.push(
  '',
  `Warm cache, inside one Node program: medians of ${RUNS} programs after ${WARMUP} warm-ups (performance.now() around each step).`,
  '',
  '| way to credentials | median | budget | result |',
  '|---|---|---|---|',
  `| library: import('aws-sso-util') | ${libraryMs('importMs').toFixed(1)} ms | — | — |`,
  `| library: first credentials after the import (fromAwsSsoUtil) | **${libraryMs('firstMs').toFixed(2)} ms** | ≤ ${LIBRARY_FIRST_BUDGET_MS} ms | ${libraryOk ? 'PASS' : 'FAIL'} |`,
  `| credential_process: one spawn of aws-sso-util credential-process | **${libraryMs('spawnMs').toFixed(1)} ms** | — | — |`,
  `| library first credentials / credential_process spawn (median of per-program ratios) | ${(100 * median(libraryRuns.map((r) => r.firstMs / r.spawnMs))).toFixed(1)} % | — | — |`,
  '',
  failed === 0 ? 'All budgets met.' : `${failed} budget(s) missed.`,
)
process.stdout.write(lines.join('\n') + '\n')
process.exitCode = opts.check && failed > 0 ? 1 : 0
