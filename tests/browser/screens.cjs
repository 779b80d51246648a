// Every screen a person has, on a handheld, in headless Chromium: each tab opened and its page measured for
// sideways scrolling (a page wider than the screen), with the new-task form and a step's panel open on the tasks.
// usage: node screens.cjs URL STAFF_ID CODE WIDTH HEIGHT SCREENSHOT.png
// Reports, per screen, how many pixels the page is wider than the screen (0: none), and problems.
const { openPage, signIn, report, choose } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.waitForSelector('#tab-tasks', { timeout: 10000 });
  const wider = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const screens = {};
  await page.waitForSelector('li.task, .empty', { timeout: 10000 });
  screens.tasks = await wider();
  if (await page.$('#new-task')) {
    await page.click('#new-task');
    for (const kind of await page.$$eval('.kind-tile', (els) => els.map((e) => e.dataset.kind))) {
      await choose(page, `[data-kind="${kind}"]`);
      screens[`create ${kind}`] = await wider();
    }
    await page.click('#new-task');
  }
  const cancel = await page.$('li.task [data-action="cancel"]');
  if (cancel) {
    await cancel.click();
    await page.waitForSelector('.step-panel');
    screens['cancel panel'] = await wider();
  }
  const tabs = await page.$$eval('[id^="tab-"]', (els) => els.map((e) => e.id));
  for (const tab of tabs.filter((t) => t !== 'tab-tasks')) {
    await page.click(`#${tab}`);
    await page.waitForTimeout(800);
    screens[tab] = await wider();
  }
  await page.screenshot({ path: shot, fullPage: true });
  return { tabs, screens, problems };
});
