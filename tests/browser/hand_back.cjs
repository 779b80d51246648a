// An administrator hands one of her tasks back to the zone's pool in one tap, in headless Chromium.
// usage: node hand_back.cjs URL STAFF_ID CODE TASK_ID WIDTH HEIGHT SCREENSHOT.png
// Reports the section the card was in before and after, as JSON on stdout.
const { openPage, signIn, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const card = `li.task[data-task-id="${task}"]`;
  const before = await (await page.waitForSelector(card, { timeout: 10000 })).evaluate((e) => e.closest('section').id);
  const label = (await page.textContent(`${card} [data-action="hand_back"]`)).trim();
  await page.click(`${card} [data-action="hand_back"]`);
  await page.waitForSelector(`#pool ${card}`, { timeout: 10000 });
  const offered = await page.$$eval(`${card} [data-action]`, (els) => els.map((e) => e.dataset.action));
  const a11y = await access(page);
  await page.locator(card).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  return { before, after: 'pool', label, offered, access: a11y, problems };
});
