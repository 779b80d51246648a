// An administrator hands one of her tasks back to the zone's pool, saying why, in headless Chromium; then opens the
// task's history and reads the reason there.
// usage: node hand_back.cjs URL STAFF_ID CODE TASK_ID REASON WIDTH HEIGHT SCREENSHOT.png
// Reports the section the card was in before and after, and the history's lines, as JSON on stdout.
const { openPage, signIn, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, reason, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const card = `li.task[data-task-id="${task}"]`;
  const before = await (await page.waitForSelector(card, { timeout: 10000 })).evaluate((e) => e.closest('section').id);
  const label = (await page.textContent(`${card} [data-action="hand_back"]`)).trim();
  await page.click(`${card} [data-action="hand_back"]`);
  const asked = (await page.textContent(`${card} .step-panel .panel-title`)).trim();
  await page.fill(`${card} #step-text`, reason);
  await page.click(`${card} #step-save`);
  await page.waitForSelector(`#pool ${card}`, { timeout: 10000 });
  const offered = await page.$$eval(`${card} [data-action]`, (els) => els.map((e) => e.dataset.action));
  await page.click(`#pool ${card} [data-action="history"]`);
  await page.waitForSelector(`${card} .history-entry[data-action="hand_back"]`, { timeout: 10000 });
  const history = await page.$$eval(`${card} .history-entry`, (els) =>
    els.map((e) => ({ action: e.dataset.action, text: e.textContent.trim(), note: e.querySelector('q')?.textContent ?? null })));
  const a11y = await access(page);
  await page.locator(`${card} .history`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  return { before, after: 'pool', label, asked, offered, history, access: a11y, problems };
});
