import {includeIgnoreFile} from '@eslint/compat'
import oclif from 'eslint-config-oclif'
import prettier from 'eslint-config-prettier'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const gitignorePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '.gitignore')

export default [
  includeIgnoreFile(gitignorePath),
  ...oclif,
  prettier,
  {
    rules: {
      'no-await-in-loop': 'off',
      'unicorn/no-process-exit': 'off',
      'n/no-process-exit': 'off',
      'perfectionist/sort-objects': 'off',
      'perfectionist/sort-object-types': 'off',
      'perfectionist/sort-interfaces': 'off',
      'perfectionist/sort-classes': 'off',
      'perfectionist/sort-union-types': 'off',
      'perfectionist/sort-switch-case': 'off',
      'perfectionist/sort-named-imports': 'off',
      'perfectionist/sort-modules': 'off',
      'unicorn/prefer-string-replace-all': 'off',
      'unicorn/no-array-reduce': 'off',
      'unicorn/prefer-event-target': 'off',
      'no-warning-comments': 'off',
      'max-params': 'off',
      complexity: 'off',
      // Modules flow one way (commands -> lib -> cache/config); a cycle works only by evaluation order.
      'import/no-cycle': 'error',
    },
  },
  {
    // bin/ is CommonJS (bin/package.json): the credential-process entry starts faster that way.
    files: ['bin/**'],
    languageOptions: {sourceType: 'commonjs', globals: {require: 'readonly', __dirname: 'readonly', process: 'readonly'}},
    rules: {
      'unicorn/prefer-module': 'off',
      'unicorn/prefer-top-level-await': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      strict: 'off',
      'no-implicit-globals': 'off',
      'n/no-unpublished-require': 'off',
    },
  },
  {
    files: ['bin/**', 'test/**', 'scripts/**'],
    rules: {
      'import/no-unresolved': 'off',
      'n/no-unpublished-bin': 'off',
      'n/no-unpublished-import': 'off',
      'n/no-extraneous-import': 'off',
      'no-unused-expressions': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      'unicorn/consistent-function-scoping': 'off',
      camelcase: 'off',
      'new-cap': 'off',
      'no-bitwise': 'off',
      'mocha/max-top-level-suites': 'off',
      'n/no-unsupported-features/node-builtins': 'off',
    },
  },
  {
    // Fixtures register mocha hooks in the describe that calls them, and export the function that does.
    files: ['test/support/**'],
    rules: {
      'mocha/no-exports': 'off',
      'mocha/no-top-level-hooks': 'off',
      'mocha/no-sibling-hooks': 'off',
    },
  },
]
