// Signs in through the browser UI in headless Chromium and reports what the page shows, as JSON on stdout.
// usage: node sign_in.cjs URL STAFF_ID CODE WIDTH HEIGHT SCREENSHOT.png
const { openPage, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, width, height, shot] = process.argv.slice(2);
  const problems = [];
  // The wrong-code step below makes the browser log the server's 401; only that step may.
  let expectUnauthorized = false;
  const page = await openPage(browser, width, height, problems,
    (text) => expectUnauthorized && text.includes('status of 401'));
  await page.goto(url);
  // A browser lists nobody: the person types their personal number (and nothing asked the server who works here).
  const listed = await page.$$eval('[data-staff-id]', (els) => els.length);
  await page.fill('#staff-number', staff);
  // A wrong code first: the page must say so and keep the person on the sign-in screen.
  await page.fill('#code', code === '0000' ? '1111' : '0000');
  expectUnauthorized = true;
  await page.click('#sign-in');
  const wrongCode = (await page.textContent('#error', { timeout: 10000 })).trim();
  expectUnauthorized = false;
  await page.fill('#code', code);
  await page.click('#sign-in');
  await page.waitForSelector('#mine h2', { timeout: 10000 });
  const ids = (section) => page.$$eval(`#${section} [data-task-id]`, (els) => els.map((e) => e.dataset.taskId));
  const result = {
    wrong_code: wrongCode,
    listed,
    who: (await page.textContent('#who')).trim(),
    mine: await ids('mine'),
    pool: await ids('pool'),
    clocks: await page.$$eval('#mine .clock', (els) => els.map((e) => e.textContent.trim())),
    lang: await page.getAttribute('html', 'lang'),
    overflow_x: await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    problems,
  };
  await page.screenshot({ path: shot, fullPage: true });
  return result;
});
