// A supervisor gives a task held by one administrator to another, from the floor view in headless Chromium.
// usage: node reassign.cjs URL STAFF_ID CODE TASK_ID TO_STAFF_ID WIDTH HEIGHT SCREENSHOT.png
// Reports the card before and after, as JSON on stdout.
const { openPage, signIn, report, watchPending } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, to, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const card = `[data-task-id="${task}"]`;
  await page.waitForSelector(`${card} .holder`, { timeout: 10000 });
  // Desktop keys: N opens a new task with its first kind focused; Esc closes it.
  await page.keyboard.press('n');
  await page.waitForSelector('#create', { timeout: 10000 });
  await page.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('kind-tile'), null, { timeout: 10000 });
  const focusedKind = await page.evaluate(() => document.activeElement.dataset.kind);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#create', { state: 'detached', timeout: 10000 });
  const shortcutsHint = (await page.textContent('.shortcuts')).trim();
  const before = (await page.textContent(`${card} .holder`)).trim();
  await page.click(`${card} [data-action="reassign"]`);
  await page.waitForSelector(`${card} #reassign-to option[value="${to}"]`, { state: 'attached', timeout: 10000 });
  const giveDisabledBeforeAPerson = await page.isDisabled(`${card} #reassign-give`);
  const menuFocused = await page
    .waitForFunction(() => document.activeElement && document.activeElement.id === 'reassign-to', null, { timeout: 5000 })
    .then(() => true, () => false);
  await page.selectOption(`${card} #reassign-to`, to);
  await page.locator(card).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  // The card shows the hand-off at once, marked as waiting for the server.
  await watchPending(page, card);
  await page.click(`${card} #reassign-give`);
  await page.waitForFunction(
    ([sel, old]) => { const e = document.querySelector(sel); return e && e.textContent.trim() !== old; },
    [`${card} .holder`, before], { timeout: 10000 });
  const result = {
    before,
    after: (await page.textContent(`${card} .holder`)).trim(),
    handoffs: (await page.textContent(`${card} .handoffs`)).trim(),
    shown_pending: await page.evaluate(() => window.shownPending),
    give_disabled_before_a_person: giveDisabledBeforeAPerson,
    menu_focused: menuFocused,
    focused_kind: focusedKind,
    shortcuts_hint: shortcutsHint,
    problems,
  };
  return result;
});
