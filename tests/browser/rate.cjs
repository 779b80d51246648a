// An administrator finishes a task in headless Chromium and the visitor rates it with a face and a note.
// usage: node rate.cjs URL STAFF_ID CODE TASK_ID SCORE NOTE WIDTH HEIGHT SCREENSHOT.png
// Reports what the rating panel offered, as JSON on stdout.
const { chromium } = require('playwright-core');

async function main() {
  const [url, staff, code, task, score, note, width, height, shot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.FLOORDESK_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await page.goto(url);
    await page.click(`[data-staff-id="${staff}"]`);
    await page.fill('#code', code);
    await page.click('#sign-in');
    const card = `#mine [data-task-id="${task}"]`;
    await page.click(`${card} [data-action="complete"]`, { timeout: 10000 });
    await page.waitForSelector(`${card} .rating`, { timeout: 10000 });
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
    const result = {
      faces,
      save_disabled_before_a_face: saveDisabledBeforeAFace,
      title: (await page.textContent('h2#mine-title')).trim(),
      problems,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
