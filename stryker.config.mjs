// Mutation testing of src/ against the unit suites (`npm run mutate`, Node >= 22). The HTML report is written to
// reports/mutation/mutation.html; incremental mode keeps reports/stryker-incremental.json so that a re-run after a
// change tests only the mutants whose code or tests changed.
//
// MUTATE_GROUP (set by `npm run mutate -- --by-folder`) narrows a run to one folder of src/, or `top` for the files
// directly in it, with an incremental file and a JSON report of its own, so that the groups add up to the whole.
const group = process.env.MUTATE_GROUP
const files = group === undefined ? ['src/**/*.ts'] : group === 'top' ? ['src/*.ts'] : [`src/${group}/**/*.ts`]
const reportName = group === undefined ? 'mutation' : `groups/${group}`

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // contract.test.ts reads src/inputs/read-settings.ts as text, which Stryker's sandbox holds instrumented: it would
  // fail the initial run, and a test of text cannot kill a mutant anyway.
  jest: {
    configFile: 'jest.unit.config.js',
    // Only the test files that import the mutated file, directly or not: loading every test file for every mutant
    // would cost each mutant the whole suite's start-up (about 13 s here) whichever tests it runs.
    enableFindRelatedTests: true,
    config: { testPathIgnorePatterns: ['/node_modules/', '/__tests__/e2e', '/__tests__/contract\\.test\\.ts$'] }
  },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  mutate: [...files, '!src/index.ts', '!src/version.ts'],
  checkers: [],
  incremental: true,
  incrementalFile: group === undefined ? 'reports/stryker-incremental.json' : `reports/incremental/${group}.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${reportName}.html` },
  jsonReporter: { fileName: `reports/mutation/${reportName}.json` },
  // A folder's run does not break: the bar is for the whole, which `--by-folder` checks in its table.
  thresholds: { high: 95, low: 90, break: group === undefined ? 95 : null },
  concurrency: 2,
  timeoutMS: 5000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['coverage', 'reports', '.stryker-tmp', 'node_modules/.cache']
}
