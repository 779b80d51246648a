// The indicators at a desk and on a handheld, in headless Chromium: a supervisor picks a period by dates, reads the
// tables by zone and by person and downloads the CSV; an administrator reads only her own figures.
// usage: node kpi_export.cjs URL SUPERVISOR CODE ADMINISTRATOR CODE FIRST_DATE LAST_DATE WIDTH HEIGHT SCREENSHOT.png
// Reports what each page showed, and the downloaded file's text, as JSON on stdout.
const fs = require('fs');
const { openPage, signIn, report, access } = require('./common.cjs');

const keys = (page, table) => page.$$eval(`${table} tbody tr`, (els) => els.map((e) => ({
  key: e.dataset.key, cells: [...e.children].map((c) => c.textContent.trim()) })));

report(async (browser) => {
  const [url, sup, supCode, admin, adminCode, first, last, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, sup, supCode);
  await page.click('#tab-kpi');
  await page.waitForSelector('#kpi .tiles', { timeout: 10000 });
  await page.fill('#kpi-from', first);
  await page.fill('#kpi-to', last);
  await page.click('#kpi-show');
  await page.waitForSelector('#kpi-show[aria-pressed="true"]', { timeout: 10000 });
  await page.waitForSelector('#kpi-by-person', { timeout: 10000 });
  // The zones and people are named once the site's directory has come.
  await page.waitForFunction(() => [...document.querySelectorAll('#kpi-by-person tbody th')].some((e) => e.textContent.includes(' ')), null, { timeout: 10000 });
  const zones = await keys(page, '#kpi-by-zone');
  const people = await keys(page, '#kpi-by-person');
  const finished = (await page.textContent('#tile-finished .tile-value')).trim();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#kpi-csv')]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  const a11y = await access(page);
  await page.screenshot({ path: shot, fullPage: true });

  const hand = await openPage(browser, 360, 780, problems);
  await signIn(hand, url, admin, adminCode);
  await hand.waitForSelector('#tab-kpi', { timeout: 10000 });
  const tab = (await hand.textContent('#tab-kpi')).trim();
  await hand.click('#tab-kpi');
  await hand.waitForSelector('#kpi-by-person', { timeout: 10000 });
  const own = await keys(hand, '#kpi-by-person');
  const a11yHand = await access(hand);
  await hand.screenshot({ path: shot.replace(/\.png$/, '-own.png'), fullPage: true });
  return { zones, people, finished, file: download.suggestedFilename(), csv, tab, own, access: [a11y, a11yHand], problems };
});
