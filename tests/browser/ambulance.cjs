// The coordinator's boards in headless Chromium: crews by ETA, one tap when a crew arrives, a re-route and the
// handover from the board; the registration queue.
// usage: node ambulance.cjs URL STAFF_ID CODE TASK_ID WIDTH HEIGHT SCREENSHOT.png
// Reports the board before and after, as JSON on stdout.
const { openPage, signIn, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.waitForSelector('#ambulances .crew', { timeout: 10000 });
  const board = () => page.$$eval('#ambulances .crew', (els) => els.map((e) => ({
    id: e.dataset.taskId, arrived: e.dataset.arrived, clock: e.querySelector('.clock').textContent.trim(),
  })));
  const before = await board();
  const queue = await page.$$eval('#registration .queued', (els) => els.map((e) => ({
    id: e.dataset.taskId, wait: e.querySelector('.wait').textContent.trim(),
  })));
  const row = `#ambulances [data-task-id="${task}"]`;
  await page.click(`${row} [data-action="arrived"]`);
  await page.waitForSelector(`${row}[data-arrived="true"]`, { timeout: 10000 });
  const after = await board();
  await page.screenshot({ path: shot });
  // The arrived crew's next steps, from the board: re-routed to another bay (where, asked on the crew's card), then
  // handed over.
  const steps = await page.$$eval(`${row} [data-action="step"]`, (els) => els.map((e) => e.dataset.step));
  await page.click(`${row} [data-step="reroute"]`);
  await page.waitForSelector('#step-text', { timeout: 10000 });
  const panels = await page.$$eval('.step-panel', (els) => els.length);
  await page.fill('#step-text', 'Бокс 2');
  await page.click('#step-save');
  await page.waitForSelector(`${row} .bay:text-is("Бокс 2")`, { timeout: 10000 });
  await page.click(`${row} [data-step="handed_over"]`);
  await page.waitForSelector(`${row} [data-step="handed_over"]`, { state: 'detached', timeout: 10000 });
  const handed = await board();
  return { before, after, queue, steps, panels, handed, problems };
});
