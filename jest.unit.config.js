// The unit suites only: every test but the end-to-end ones, which start the bundle (dist/) and so cannot see a
// mutant of src/. Used by `npm run test:unit` and by mutation testing (stryker.config.mjs).
import base from './jest.config.js'

export default { ...base, testPathIgnorePatterns: ['/node_modules/', '/__tests__/e2e'] }
