// Mutation testing of src/ against the unit suites (`npm run mutate`, Node >= 22). The HTML report is written to
// reports/mutation/mutation.html; incremental mode keeps reports/stryker-incremental.json so that a re-run after a
// change tests only the mutants whose code or tests changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.unit.config.js', enableFindRelatedTests: false },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: ['src/**/*.ts', '!src/index.ts', '!src/version.ts'],
  checkers: [],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: 85 },
  concurrency: 2,
  timeoutMS: 20000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['coverage', 'reports', '.stryker-tmp', 'node_modules/.cache']
}
