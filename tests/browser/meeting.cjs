// A coordinator proposes another slot for a relative's meeting with the doctor and confirms it, in Chromium.
// usage: node meeting.cjs URL STAFF_ID CODE TASK_ID WIDTH HEIGHT SCREENSHOT.png
// Reports the row's slot before, after the proposal, and once confirmed, as JSON on stdout.
const { openPage, signIn, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const row = `#meetings [data-task-id="${task}"]`;
  await page.waitForSelector(`${row} .slot`, { timeout: 10000 });
  const slot = async () => (await page.textContent(`${row} .slot`)).trim();
  const asked = await slot();
  await page.click(`${row} [data-action="later"]`);
  await page.waitForFunction(([sel, old]) => document.querySelector(sel).textContent.trim() !== old,
    [`${row} .slot`, asked], { timeout: 10000 });
  const proposed = await slot();
  await page.click(`${row} [data-action="confirm"]`);
  await page.waitForSelector(`${row}[data-confirmed="true"]`, { timeout: 10000 });
  const confirmed = await slot();
  await page.screenshot({ path: shot });
  return { asked, proposed, confirmed, problems };
});
