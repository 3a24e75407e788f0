#!/usr/bin/env node
/**
 * `npm test`: runs Jest (extra arguments are passed on) and prints the totals as the last line,
 * alone: "<passed> passed, <failed> failed". Exits non-zero when anything failed or no test ran.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const outputFile = join(tmpdir(), `mia-jest-results-${process.pid}.json`);
const jest = require.resolve('jest/bin/jest');
const run = spawnSync(
  process.execPath,
  [jest, '--json', `--outputFile=${outputFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit', cwd: join(__dirname, '..') },
);

let passed = 0;
let failed = 0;
let suitesFailed = 0;
if (existsSync(outputFile)) {
  const results = JSON.parse(readFileSync(outputFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  suitesFailed = results.numFailedTestSuites;
  rmSync(outputFile, { force: true });
}
// a suite that fails to load has no failed tests: count it as one failure
if (failed === 0 && suitesFailed > 0) failed = suitesFailed;
if (failed === 0 && run.status !== 0) failed = 1;
const totals = `${passed} passed, ${failed} failed`;
if (process.env.MIA_TEST_TOTALS_FILE) writeFileSync(process.env.MIA_TEST_TOTALS_FILE, `${totals}\n`);
process.stdout.write(`${totals}\n`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
