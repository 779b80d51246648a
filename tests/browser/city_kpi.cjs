// A city administrator compares the sites in site administration, in headless Chromium: yesterday (and downloads it
// as CSV), then seven days.
// usage: node city_kpi.cjs URL CITY_ADMIN CODE WIDTH HEIGHT SCREENSHOT.png
// Reports each site's row for each period, and the downloaded file's text, as JSON on stdout.
const fs = require('fs');
const { openPage, report, access } = require('./common.cjs');

const rows = (page) => page.$$eval('#city-kpi tbody tr', (els) => els.map((e) => ({
  site: e.dataset.siteId, cells: [...e.children].map((c) => c.textContent.trim()) })));

report(async (browser) => {
  const [url, admin, code, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await page.goto(`${url}/admin/`);
  await page.fill('#staff-number', admin);
  await page.fill('#code', code);
  await page.click('#sign-in');
  await page.click('#tab-city-kpi');
  await page.waitForSelector('#city-kpi tbody tr', { timeout: 10000 });
  const yesterday = await rows(page);
  await page.screenshot({ path: shot, fullPage: true });
  const a11y = await access(page);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), page.click('#city-kpi-csv')]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  await page.click('#city-kpi .chip:nth-child(2)');
  await page.waitForSelector('#city-kpi .chip:nth-child(2)[aria-pressed="true"]', { timeout: 10000 });
  await page.waitForSelector('#city-kpi tbody tr', { timeout: 10000 });
  const week = await rows(page);
  return { yesterday, week, file: download.suggestedFilename(), csv, access: [a11y], problems };
});
