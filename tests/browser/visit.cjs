// A visitor's whole visit in headless Chromium: opened from a card, offered by itself when a task of it is closed,
// and closed with one rating of the whole situation once every task of it is done or cancelled.
// usage: node visit.cjs URL STAFF_ID CODE FIRST_TASK SECOND_TASK POOL_TASK WIDTH HEIGHT SCREENSHOT.png
// (POOL_TASK: a task of the person's zone that is not the visit's, taken from another client along the way.)
// Reports what the visit panel said at each step, as JSON on stdout; the closed visit is saved as -closed.png.
const { openPage, signIn, report, access, choose, claimAs, settled } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, first, second, pooled, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const [card1, card2] = [first, second].map((id) => `li.task[data-task-id="${id}"]`);
  const panel = async () => ({
    title: (await page.textContent('#visit h2')).trim(),
    tasks: await page.$$eval('#visit .visit-task', (els) => els.map((e) => e.dataset.caseTask)),
    about: await page.$$eval('#visit .visit-about', (els) => els.map((e) => e.textContent.trim())),
    why: await page.$eval('#visit .visit-why', (e) => e.textContent.trim()).catch(() => null),
  });
  // From the card: the visitor's other task, and the whole visit.
  await page.click(`${card1} .case-tasks summary`, { timeout: 10000 });
  await page.click(`${card1} [data-action="visit"]`);
  await page.waitForFunction(() => document.querySelectorAll('#visit .visit-task').length === 2, null, { timeout: 10000 });
  const opened = await panel();
  await page.screenshot({ path: shot });
  await page.click('#visit-hide');
  await page.waitForSelector('#visit', { state: 'detached', timeout: 10000 });
  // The other task cancelled: the visit is offered by itself, with what is left of it.
  await page.click(`${card2} [data-action="cancel"]`);
  await page.click(`${card2} .choice >> nth=0`);
  await page.waitForSelector(card2, { state: 'detached', timeout: 10000 });
  await page.waitForSelector('#visit .visit-why', { timeout: 10000 });
  const afterCancel = await panel();
  // The last task done and rated: the visit may be closed, with one rating of the whole. The server's answer to
  // the push is held back (a slow network) until the visit shows it may be closed and the visitor's face is chosen.
  await settled(page);
  let release;
  const held = new Promise((r) => { release = r; });
  let committed;
  const reached = new Promise((r) => { committed = r; });
  await page.route('**/api/v1/sync/push', async (route) => {
    const response = await route.fetch();
    committed();
    await held;
    await route.fulfill({ response });
  }, { times: 1 });
  await page.click(`${card1} [data-action="complete"]`);
  await choose(page, '.rating .face[data-score="5"]');
  await page.click('#rating-save');
  await page.waitForSelector(card1, { state: 'detached', timeout: 10000 });
  // The server has it; the person's list changes meanwhile (the same person takes a task from another device), so the
  // visit is asked for again and shows it may be closed while the answer is still on its way.
  await reached;
  const claimed = await claimAs(url, staff, code, pooled);
  if (claimed.outcome !== 'accepted') throw new Error(`the other client's claim was not accepted: ${JSON.stringify(claimed)}`);
  await page.waitForSelector('#visit #visit-close', { timeout: 10000 });
  const closable = await panel();
  await choose(page, '#visit .face[data-score="4"]');
  // The answer comes, and the visit is asked for once more (a request made after the answer came, not one made
  // before): the face chosen stays.
  const seen = { answered: false, asked: null };
  page.on('response', (r) => { if (r.url().includes('/api/v1/sync/push')) seen.answered = true; });
  page.on('request', (q) => {
    if (seen.answered && !seen.asked && q.method() === 'GET' && q.url().includes('/api/v1/cases/')) seen.asked = q;
  });
  release();
  for (let waited = 0; !seen.asked && waited < 10000; waited += 50) await page.waitForTimeout(50);
  if (!seen.asked) throw new Error('the visit was not asked for again once the answer came');
  await seen.asked.response();
  await settled(page);
  await page.waitForSelector('#visit #visit-close', { timeout: 10000 });
  const faceKept = await page.getAttribute('#visit .face[data-score="4"]', 'aria-pressed');
  await page.click('#visit-close');
  await page.waitForSelector('#visit .visit-closed', { timeout: 10000 });
  const closed = (await page.textContent('#visit .visit-closed')).trim();
  const a11y = await access(page);
  await page.screenshot({ path: shot.replace(/\.png$/, '-closed.png') });
  return { opened, after_cancel: afterCancel, closable, face_kept: faceKept === 'true', closed, access: a11y, problems };
});
