// A supervisor reads the site's audit log in site administration, in headless Chromium: every op of today, then
// only the hand backs (with the reason typed), then one task's whole story by its id.
// usage: node audit.cjs URL SUPERVISOR CODE WIDTH HEIGHT SCREENSHOT.png
// Reports the rows each view showed, as JSON on stdout.
const { openPage, report, access } = require('./common.cjs');

const rows = (page) =>
  page.$$eval('tr.audit-entry', (els) =>
    els.map((e) => ({
      op: e.dataset.op,
      action: e.dataset.action ?? null,
      refused: e.classList.contains('refused'),
      cells: [...e.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })));

report(async (browser) => {
  const [url, sup, code, width, height, shot] = process.argv.slice(2);
  const named = (suffix) => shot.replace(/\.png$/, `-${suffix}.png`);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await page.goto(`${url}/admin/`);
  await page.fill('#staff-number', sup);
  await page.fill('#code', code);
  await page.click('#sign-in');
  await page.click('#tab-audit');
  await page.waitForSelector('tr.audit-entry', { timeout: 10000 });
  // Whom a task went to is named once the site's people have loaded.
  await page.waitForFunction(() => [...document.querySelectorAll('tr.audit-entry')].some((e) => e.textContent.includes('(→ И')), null, { timeout: 10000 });
  const today = await rows(page);
  await page.screenshot({ path: shot, fullPage: true });
  const a11y = await access(page);

  await page.selectOption('#audit-action', 'hand_back');
  await page.click('#audit-show');
  await page.waitForFunction(() => {
    const shown = [...document.querySelectorAll('tr.audit-entry')];
    return shown.length > 0 && shown.every((e) => e.dataset.action === 'hand_back');
  }, null, { timeout: 10000 });
  const handBacks = await rows(page);
  await page.screenshot({ path: named('hand-backs'), fullPage: true });

  await page.click('tr.audit-entry .audit-task');
  await page.waitForFunction(() => [...document.querySelectorAll('tr.audit-entry')].some((e) => e.dataset.action !== 'hand_back'), null, { timeout: 10000 });
  const task = await page.inputValue('#audit-task');
  const story = await rows(page);

  // Nobody's ops: an empty period says so.
  await page.selectOption('#audit-action', '');
  await page.fill('#audit-task', '');
  await page.fill('#audit-from', '2020-01-01');
  await page.fill('#audit-to', '2020-01-02');
  await page.click('#audit-show');
  await page.waitForSelector('#audit-none', { timeout: 10000 });
  const none = (await page.textContent('#audit-none')).trim();

  // A task number that is not one is said so, not taken for no filter.
  await page.fill('#audit-task', 'не номер!');
  await page.click('#audit-show');
  await page.waitForSelector('#audit-bad-task', { timeout: 10000 });
  const badTask = (await page.textContent('#audit-bad-task')).trim();
  return { today, handBacks, task, story, none, badTask, access: [a11y], problems };
});
