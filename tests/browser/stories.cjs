// Good stories in headless Chromium: post one thanking a colleague and linking a task, then like another.
// usage: node stories.cjs URL STAFF_ID CODE ABOUT_STAFF_ID TASK_ID TEXT WIDTH HEIGHT SCREENSHOT.png
// Reports the feed before and after, as JSON on stdout.
const { openPage, signIn, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, about, task, text, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.click('#tab-stories', { timeout: 10000 });
  await page.waitForSelector('.story', { timeout: 10000 });
  const feed = () => page.$$eval('.story', (els) => els.map((e) => ({
    id: e.dataset.storyId,
    head: e.querySelector('.story-head').textContent.trim(),
    text: e.querySelector('.story-text').textContent.trim(),
    linked: e.querySelector('.linked-task') ? e.querySelector('.linked-task').textContent.trim() : '',
    likes: e.querySelector('.likes').textContent.trim(),
    liked: e.querySelector('.like').getAttribute('aria-pressed'),
  })));
  const before = await feed();
  const postDisabledEmpty = await page.isDisabled('#story-post');
  await page.fill('#story-text', text);
  await page.waitForSelector(`#story-about option[value="${about}"]`, { state: 'attached', timeout: 10000 });
  await page.selectOption('#story-about', about);
  await page.waitForSelector(`#story-task option[value="${task}"]`, { state: 'attached', timeout: 10000 });
  await page.selectOption('#story-task', task);
  await page.click('#story-post');
  await page.waitForFunction((n) => document.querySelectorAll('.story').length === n + 1, before.length, { timeout: 10000 });
  await page.waitForFunction(() => document.querySelector('#story-text').value === '', null, { timeout: 10000 });
  // Like the oldest story (someone else's).
  const last = before[before.length - 1];
  await page.click(`[data-story-id="${last.id}"] .like`);
  await page.waitForFunction(
    ([id, likes]) => document.querySelector(`[data-story-id="${id}"] .likes`).textContent.trim() !== likes,
    [last.id, last.likes], { timeout: 10000 });
  const after = await feed();
  const a11y = await access(page);
  await page.screenshot({ path: shot, fullPage: true });
  return { before, after, post_disabled_empty: postDisabledEmpty, access: a11y, problems };
});
