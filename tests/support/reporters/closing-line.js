// The plain closing line CI reads ("N passed, N failed"). Jest appends its own summary after every custom
// reporter when 'default' is listed, so jest.config.js lists default, summary and this one explicitly.
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stderr.write(`${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}
module.exports = ClosingLineReporter;
