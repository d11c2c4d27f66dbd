// node:test reporter that prints the plain closing line the other suites print: `N passed, N failed`
// (leaf tests only; suites are not counted). A skipped test counts as a failure: these suites assert the
// capabilities they depend on instead of skipping.
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details && data.details.type === 'suite') continue;
    if (data.skip !== undefined || data.todo !== undefined) {
      failed++;
      yield `FAIL ${data.name}: skipped (${data.skip === true ? 'no reason' : String(data.skip ?? data.todo)})\n`;
    } else if (event.type === 'test:pass') {
      passed++;
    } else {
      failed++;
    }
  }
  yield `${passed} passed, ${failed} failed\n`;
}
