// node:test reporter that prints the plain closing line the other suites print: `N passed, N failed`
// (leaf tests only; suites are not counted; skipped tests are listed and counted separately).
export default async function* summary(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.details && data.details.type === 'suite') continue;
    if (data.skip !== undefined) {
      skipped++;
      yield `SKIP ${data.name}: ${data.skip === true ? 'skipped' : data.skip}\n`;
    } else if (event.type === 'test:pass') {
      passed++;
    } else {
      failed++;
    }
  }
  yield `${skipped} skipped\n${passed} passed, ${failed} failed\n`;
}
