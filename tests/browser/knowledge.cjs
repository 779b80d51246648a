// The knowledge base in headless Chromium: search answers as one types; whoever manages it adds, finds, removes
// (in site administration's «Ответы»: give its URL, …/admin/, with MANAGE yes).
// usage: node knowledge.cjs URL STAFF_ID CODE SEARCH MANAGE(yes|no) WIDTH HEIGHT SCREENSHOT.png
// Reports the titles shown at each step, as JSON on stdout.
const { openPage, signIn, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, search, manage, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.click(manage === 'yes' ? '#tab-answers' : '#tab-knowledge', { timeout: 10000 });
  await page.waitForSelector('.template', { timeout: 10000 });
  const titles = () => page.$$eval('.template summary', (els) => els.map((e) => e.textContent.trim()));
  const all = await titles();
  const addOffered = (await page.$('#kb-add')) !== null;
  await page.fill('#kb-search', search);
  await page.waitForFunction((n) => document.querySelectorAll('.template').length < n, all.length, { timeout: 10000 });
  const found = await titles();
  await page.click('.template summary');
  const answer = (await page.textContent('.template .answer')).trim();
  const a11y = await access(page);
  await page.screenshot({ path: shot, fullPage: true });
  const result = { all, found, answer, add_offered: addOffered, access: a11y, problems };
  if (manage !== 'yes') return result;
  // Add a template, find it by a word of its answer, then remove it.
  await page.fill('#kb-search', '');
  await page.click('#kb-add');
  await page.fill('#kb-title', 'Где гардероб?');
  await page.fill('#kb-body', 'Гардероб на первом этаже, слева от входа. Зимой работает с 7:30.');
  await page.click('#kb-save');
  await page.waitForFunction(() => [...document.querySelectorAll('.template summary')].some((e) => e.textContent.includes('гардероб')), null, { timeout: 10000 });
  await page.fill('#kb-search', 'слева от входа');
  await page.waitForFunction(() => document.querySelectorAll('.template').length === 1, null, { timeout: 10000 });
  result.added = await titles();
  await page.click('.template summary');
  // Removing asks first: the first time the answer is no, and nothing is removed.
  page.once('dialog', (d) => d.dismiss());
  await page.click('.template .danger');
  await page.waitForTimeout(300);
  result.kept_when_declined = await page.$$eval('.template', (els) => els.length) === 1;
  page.once('dialog', (d) => { result.confirm = d.message(); d.accept(); });
  await page.click('.template .danger');
  await page.waitForFunction(() => document.querySelectorAll('.template').length === 0, null, { timeout: 10000 });
  await page.fill('#kb-search', '');
  await page.waitForFunction((n) => document.querySelectorAll('.template').length === n, all.length, { timeout: 10000 });
  result.after_removal = await titles();
  return result;
});
