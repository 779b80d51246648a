// A handheld whose clock is off: the task screen says so, and how far, in headless Chromium at 360×780.
// usage: node clock.cjs URL STAFF_ID CODE MINUTES_BEHIND SCREENSHOT.png
const { openPage, signIn, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, behind, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, 360, 780, problems);
  // The page's clock (Date) stands `behind` minutes before the real one; its timers run as usual.
  await page.clock.setFixedTime(Date.now() - Number(behind) * 60000);
  await signIn(page, url, staff, code);
  const said = (await page.textContent('#clock-off', { timeout: 15000 })).trim();
  await page.screenshot({ path: shot, fullPage: true });
  return { said, problems };
});
