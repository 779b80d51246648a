// A supervisor's page hears another client's change on its live channel (no reload, no click); going to another
// tab and back keeps one channel, signing out closes it, and neither raises an error in the page.
// usage: node live.cjs URL STAFF_ID CODE OTHER_STAFF_ID OTHER_CODE TASK_ID WIDTH HEIGHT SCREENSHOT.png
// The other client claims TASK_ID over the HTTP API; reports what the page showed, as JSON on stdout.
const { openPage, signIn, report, claimAs } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, other, otherCode, task, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  let sockets = 0;
  let open = 0;
  page.on('websocket', (ws) => {
    sockets += 1;
    open += 1;
    ws.on('close', () => { open -= 1; });
  });

  await signIn(page, url, staff, code);
  const card = `[data-task-id="${task}"]`;
  await page.waitForSelector(card, { timeout: 10000 });
  const holderBefore = await page.$(`${card} .holder`);
  // The page's live channel is created, then given a moment to finish its handshake, before the other client acts.
  if (sockets === 0) await page.waitForEvent('websocket', { timeout: 10000 });
  await new Promise((r) => setTimeout(r, 500));
  const outcome = await claimAs(url, other, otherCode, task);
  // Well inside the 30 s fallback refresh: only the live channel can bring it this soon.
  await page.waitForSelector(`${card} .holder`, { timeout: 10000 });
  const holder = (await page.textContent(`${card} .holder`)).trim();
  await page.screenshot({ path: shot });
  const heardSockets = sockets;
  // Three round trips to another tab and back: each screen closes its channel as it goes.
  for (let i = 0; i < 3; i += 1) {
    await page.click('#tab-stories');
    await page.waitForSelector('#story-text');
    await page.click('#tab-tasks');
    await page.waitForSelector(card);
  }
  await new Promise((r) => setTimeout(r, 1000));
  const openAfterTabs = open;
  await page.click('#sign-out');
  await page.waitForSelector('#staff-number');
  await new Promise((r) => setTimeout(r, 1000));
  return {
    had_holder_before: holderBefore !== null, outcome, holder, sockets: heardSockets,
    open_after_tabs: openAfterTabs, open_after_sign_out: open, opened_in_all: sockets, problems,
  };
});
