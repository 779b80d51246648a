// An administrator finishes a task in headless Chromium and the visitor rates it with a face and a note.
// usage: node rate.cjs URL STAFF_ID CODE TASK_ID SCORE NOTE WIDTH HEIGHT SCREENSHOT.png
// Reports what the rating panel offered, as JSON on stdout.
const { openPage, signIn, report } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, score, note, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  const card = `#mine [data-task-id="${task}"]`;
  await page.click(`${card} [data-action="complete"]`, { timeout: 10000 });
  await page.waitForSelector(`${card} .rating`, { timeout: 10000 });
  // The opened panel takes the focus: the first face.
  const focused = await page
    .waitForFunction(() => document.activeElement && document.activeElement.classList.contains('face'), null, { timeout: 5000 })
    .then(() => page.evaluate(() => document.activeElement.dataset.score), () => 'nothing');
  const saveDisabledBeforeAFace = await page.isDisabled(`${card} #rating-save`);
  await page.click(`${card} [data-score="${score}"]`);
  await page.fill(`${card} #rating-note`, note);
  const faces = await page.$$eval(`${card} .face`, (els) => els.map((e) => ({
    label: e.getAttribute('aria-label'),
    pressed: e.getAttribute('aria-pressed'),
    height: e.getBoundingClientRect().height,
  })));
  await page.locator(card).scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot });
  await page.click(`${card} #rating-save`);
  await page.waitForSelector(card, { state: 'detached', timeout: 10000 });
  return {
    faces,
    save_disabled_before_a_face: saveDisabledBeforeAFace,
    focused,
    title: (await page.textContent('h2#mine-title')).trim(),
    problems,
  };
});
