// Jest runs the TypeScript sources as ES modules through ts-jest; `npm test` starts jest with
// --experimental-vm-modules (as a node option, not NODE_OPTIONS=…, so that it works in Windows' shell too).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.check.json' }] },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 60_000
}
