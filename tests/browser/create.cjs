// An administrator creates a task in a few taps in headless Chromium: new task, kind, its fields, priority, create.
// usage: node create.cjs URL STAFF_ID CODE KIND FIELD VALUE PRIORITY WIDTH HEIGHT SCREENSHOT.png
// Reports the new card, as JSON on stdout.
const { openPage, signIn, report, settled, choose } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, kind, field, value, priority, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.click('#new-task', { timeout: 10000 });
  // The opened form takes the focus: its first kind.
  const focusedKind = await page
    .waitForFunction(() => document.activeElement && document.activeElement.classList.contains('kind-tile'), null, { timeout: 5000 })
    .then(() => page.evaluate(() => document.activeElement.dataset.kind), () => 'nothing');
  const kinds = await page.$$eval('.kind-tile', (els) => els.map((e) => e.dataset.kind));
  await choose(page, `[data-kind="${kind}"]`);
  // Creating with the field empty is refused in words, and nothing is sent.
  await page.click('#create-submit');
  const problem = (await page.textContent('#create-problem', { timeout: 10000 })).trim();
  await page.fill(`#field-${field}`, value);
  await page.click(`[data-priority="${priority}"]`);
  await page.screenshot({ path: shot, fullPage: true });
  await page.click('#create-submit');
  await page.waitForSelector(`[data-task-id] >> text=${value}`, { timeout: 10000 });
  // Read in one go once the server has answered: its word redraws the card as a new element.
  await settled(page);
  const { id, section } = await page.evaluate((text) => {
    const card = [...document.querySelectorAll('[data-task-id]')].find((e) => e.textContent.includes(text));
    return { id: card.dataset.taskId, section: card.closest('section').id };
  }, value);
  return { kinds, focused_kind: focusedKind, problem, id, section, form_closed: (await page.$('#create')) === null, problems };
});
