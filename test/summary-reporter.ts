/**
 * Prints the plain closing line `tests: N passed, N failed[, N skipped]` after vitest's own
 * summary, so CI logs end with one line that any tool can read.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, failedFiles: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      // A file can fail outside any test (an import error, a hook that timed out): count it too.
      if (module.state() === 'failed') counts.failedFiles++;
    }
    const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
    const files = counts.failedFiles ? `, ${counts.failedFiles} file(s) failed` : '';
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed${skipped}${files}\n`);
  }
}
