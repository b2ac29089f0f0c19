/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // @middy/core 6 ships ESM only: let ts-jest transform it.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  setupFilesAfterEnv: ['<rootDir>/tests/support/setup.ts'],
  testTimeout: 60000,
  reporters: [
    '<rootDir>/tests/support/reporters/default.js',
    '<rootDir>/tests/support/reporters/summary.js',
    '<rootDir>/tests/support/reporters/closing-line.js',
  ],
};
