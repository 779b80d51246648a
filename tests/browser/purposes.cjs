// A supervisor edits the site's common purposes (the one-tap contacts) in site administration's «Ответы», in headless
// Chromium.
// usage: node purposes.cjs ADMIN_URL STAFF_ID CODE WIDTH HEIGHT PURPOSES (one per line) SCREENSHOT.png
// Reports the list the editor showed first, the words refusing a repeated purpose, the status after saving, and
// problems.
const { openPage, signIn, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, width, height, purposes, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.click('#tab-answers', { timeout: 10000 });
  await page.click('.purposes summary');
  await page.waitForFunction(() => document.querySelector('#purposes-text').value.length > 0, null, { timeout: 10000 });
  const shown = (await page.inputValue('#purposes-text')).split('\n');
  // A repeated purpose is refused in words before anything is sent.
  await page.fill('#purposes-text', 'Справка\nСправка');
  await page.click('#purposes-save');
  const refused = (await page.textContent('.purposes .error', { timeout: 10000 })).trim();
  await page.fill('#purposes-text', purposes);
  await page.click('#purposes-save');
  const status = await page.waitForSelector('.purposes [role="status"]:not(:empty)', { timeout: 10000 })
    .then((e) => e.textContent());
  await page.screenshot({ path: shot, fullPage: true });
  return { shown, refused, status: status.trim(), problems };
});
