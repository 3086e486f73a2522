/**
 * Mutation testing of the modules that guard the README's promises: redaction and the debug log,
 * cache keys and secure files, the lock, the config parser, editor and writer, settings resolution
 * and the credential-process core. Only the fast unit specs run against each mutant; the
 * end-to-end suites run the compiled CLI, which a mutant in src/ never reaches.
 *
 * `npm run mutate` runs it; `npm run mutate -- --mutate src/lib/redact.ts` narrows it to one file.
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'mocha',
  // mocha's own CLI would apply .mocharc's node-option; Stryker runs mocha inside its workers.
  testRunnerNodeArgs: ['--import', 'tsx', '--no-experimental-require-module'],
  mochaOptions: {
    // The in-process unit specs only; *.e2e.test.ts suites start the emulator or the compiled CLI.
    spec: ['test/lib/**/*.test.ts', 'test/config/*.test.ts'],
    ignore: ['test/**/*.e2e.test.ts'],
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: {prioritizePerformanceOverAccuracy: true},
  mutate: [
    // redaction and the debug log
    'src/lib/redact.ts',
    'src/lib/debug-log.ts',
    // cache keys and secure files
    'src/lib/cache/cache-keys.ts',
    'src/lib/cache/sha1.ts',
    'src/lib/cache/secure-file.ts',
    'src/lib/private-dirs.ts',
    // the lock
    'src/lib/cache/lock.ts',
    // the config parser, editor and writer
    'src/lib/config/parse.ts',
    'src/lib/config/edit.ts',
    'src/lib/config/write.ts',
    // settings resolution and the credential-process core
    'src/lib/settings.ts',
    'src/lib/credential-process.ts',
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: {fileName: 'reports/mutation/mutation.html'},
  jsonReporter: {fileName: 'reports/mutation/mutation.json'},
  thresholds: {high: 90, low: 85, break: null},
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
}
