// An action the server refuses, in headless Chromium: another client took the task a moment before, and the page did
// not hear it (its live channel is held back meanwhile). The tap shows at once, pending; then the refusal is said and
// the card shows the task as the server has it.
// usage: node refused.cjs URL STAFF_ID CODE OTHER_STAFF_ID OTHER_CODE TASK_ID WIDTH HEIGHT SCREENSHOT.png
// Reports what the page showed, as JSON on stdout.
const { openPage, signIn, report, claimAs, watchPending } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, other, otherCode, task, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  // The live channel passes through here; while `deaf`, its messages do not reach the page.
  let deaf = false;
  await page.routeWebSocket(/\/api\/v1\/live/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (!deaf) ws.send(message);
    });
  });
  await signIn(page, url, staff, code);
  const card = `[data-task-id="${task}"]`;
  await page.waitForSelector(`${card} [data-action="claim"]`, { timeout: 10000 });
  deaf = true;
  const outcome = await claimAs(url, other, otherCode, task);
  await watchPending(page, card);
  await page.click(`${card} [data-action="claim"]`);
  await page.waitForSelector('.rejection', { timeout: 10000 });
  await page.waitForFunction((sel) => {
    const holder = document.querySelector(`${sel} .holder`);
    return holder && !document.querySelector(`${sel} .pending`);
  }, card, { timeout: 10000 });
  await page.screenshot({ path: shot, fullPage: true });
  return {
    outcome,
    shown_pending: await page.evaluate(() => window.shownPending),
    refusal: (await page.textContent('.rejection')).trim(),
    holder: (await page.textContent(`${card} .holder`)).trim(),
    problems,
  };
});
