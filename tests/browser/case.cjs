// One window in headless Chromium: from a visitor's task, another task for the same visitor in a few taps; the
// visitor's open tasks then show together on each card.
// usage: node case.cjs URL STAFF_ID CODE TASK_ID KIND FIELD VALUE WIDTH HEIGHT SCREENSHOT.png
// Reports the new card and the case line, as JSON on stdout.
const { openPage, signIn, report, access, choose } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, kind, field, value, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const card = `li.task[data-task-id="${task}"]`;
  await page.click(`${card} [data-action="case-more"]`, { timeout: 10000 });
  await page.waitForSelector('#create #same-visitor', { timeout: 10000 });
  const hint = (await page.textContent('#same-visitor')).trim();
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.dataset.kind);
  await choose(page, `[data-kind="${kind}"]`);
  await page.fill(`#field-${field}`, value);
  await page.click('#create-submit');
  const created = await page.waitForSelector(`li.task >> text=${value}`, { timeout: 10000 });
  const id = await created.evaluate((e) => e.closest('li.task').dataset.taskId);
  await page.waitForSelector(`${card} .case-tasks`, { timeout: 10000 });
  await page.click(`${card} .case-tasks summary`);
  const line = (await page.textContent(`${card} .case-tasks summary`)).trim();
  const listed = await page.$$eval(`${card} .case-tasks li`, (els) => els.map((e) => e.dataset.caseTask));
  const a11y = await access(page);
  await page.locator(card).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  return { hint, focused, id, line, listed, access: a11y, problems };
});
