// While an administrator types the visitor's note at done, another person's change reaches her screen on the live
// channel; the screen refreshes without taking the note's focus or what was typed, in headless Chromium.
// usage: node keep_focus.cjs URL STAFF_ID CODE TASK_ID OTHER_STAFF_ID OTHER_CODE OTHER_TASK_ID WIDTH HEIGHT SCREENSHOT.png
// Reports the focused element and the note, as JSON on stdout.
const { openPage, signIn, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, other, otherCode, otherTask, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.click(`li.task[data-task-id="${task}"] [data-action="complete"]`, { timeout: 10000 });
  await page.click('#rating-note');
  await page.keyboard.type('Спасибо, ');
  // Someone else takes a task of her pool: her screen hears it and refreshes.
  const second = await openPage(browser, 1280, 800, problems);
  await signIn(second, url, other, otherCode);
  await second.click(`li.task[data-task-id="${otherTask}"] [data-action="claim"]`, { timeout: 10000 });
  await page.waitForFunction((id) => !document.querySelector(`#pool li.task[data-task-id="${id}"]`), otherTask, { timeout: 10000 });
  await page.keyboard.type('всё понятно');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  const note = await page.inputValue('#rating-note');
  await page.screenshot({ path: shot });
  return { focused, note, problems };
});
