/**
 * The mocha fixtures the end-to-end suites share: one emulator per suite, reset before each test,
 * and a fresh temp HOME per test (optionally holding ~/.aws/config). With `scope: 'suite'` the
 * HOME lives as long as the suite and the emulator is never reset, for suites whose tests build on
 * each other (a cache filled by one test and read by the next). Each `use*` call registers its
 * hooks in the enclosing describe and returns a live view: read `ctx.emu` / `ctx.home` inside hooks
 * and tests, never at describe time (they do not exist yet).
 */
import {type Emulator, type EmulatorOptions, type ResetOptions, startEmulator} from '../emulator/server.js'
import {makeTempDir, removeDir} from './cli.js'
import {writeConfig} from './sso.js'

export interface EmulatorContext {
  readonly emu: Emulator
}

export interface HomeContext {
  readonly home: string
}

export interface EmulatorHomeContext extends EmulatorContext, HomeContext {}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is only there inside a hook or test of the describe that asked for it`)
  return value
}

/** One emulator on a free port for the suite; `reset` (the options given to emu.reset) before every test, or never with false. */
export function useEmulator(options: EmulatorOptions = {}, reset: false | ResetOptions = {}): EmulatorContext {
  let emu: Emulator | undefined
  before(async () => {
    emu = await startEmulator({port: 0, ...options})
  })
  after(async () => {
    await emu?.close()
    emu = undefined
  })
  if (reset !== false) {
    beforeEach(() => {
      emu?.reset(reset)
    })
  }

  return {
    get emu() {
      return required(emu, 'the emulator')
    },
  }
}

export interface TempHomeOptions {
  /** ~/.aws/config written before every test. */
  config?: string
  prefix?: string
  /** 'test' (the default): a new HOME for every test; 'suite': one for the whole describe. */
  scope?: 'suite' | 'test'
}

/**
 * `make` before every test (or once for the suite with scope 'suite'), `dispose` after it; the
 * returned function gives the current value inside hooks and tests, and throws elsewhere.
 */
export function useScoped<T>(scope: 'suite' | 'test' | undefined, what: string, make: () => T, dispose: (value: T) => void): () => T {
  let value: T | undefined
  const setUp = scope === 'suite' ? before : beforeEach
  const tearDown = scope === 'suite' ? after : afterEach
  setUp(() => {
    value = make()
  })
  tearDown(() => {
    if (value !== undefined) dispose(value)
    value = undefined
  })
  return () => required(value, what)
}

/** A new temp HOME before every test (or once for the suite), removed after it. */
export function useTempHome(options: TempHomeOptions = {}): HomeContext {
  const home = useScoped(
    options.scope,
    'the temp HOME',
    () => {
      const dir = makeTempDir(options.prefix)
      if (options.config !== undefined) writeConfig(dir, options.config)
      return dir
    },
    removeDir,
  )
  return {
    get home() {
      return home()
    },
  }
}

export interface EmulatorHomeOptions extends TempHomeOptions {
  emulator?: EmulatorOptions
  reset?: ResetOptions
}

/** The usual end-to-end preamble: useEmulator plus useTempHome; with scope 'suite', no reset between tests. */
export function useEmulatorHome(options: EmulatorHomeOptions = {}): EmulatorHomeContext {
  const {emulator, reset, ...home} = options
  const e = useEmulator(emulator, home.scope === 'suite' ? false : reset)
  const h = useTempHome(home)
  return {
    get emu() {
      return e.emu
    },
    get home() {
      return h.home
    },
  }
}

/**
 * Sets process.env variables for the whole suite (undefined deletes one) and puts the old values
 * back after it: in-process SDK clients read endpoints from process.env at call time.
 */
export function useProcessEnv(vars: () => Record<string, string | undefined>): void {
  const saved: Record<string, string | undefined> = {}
  before(() => {
    for (const [key, value] of Object.entries(vars())) {
      saved[key] = process.env[key]
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
  after(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  })
}
