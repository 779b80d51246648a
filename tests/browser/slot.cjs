// A taxi's time is picked on the site's clock, whatever the device's: Chromium runs in Vladivostok (UTC+10) for a
// Moscow polyclinic. Shows the form's default time, then books the taxi for the given site time.
// usage: node slot.cjs URL STAFF_ID CODE AT(YYYY-MM-DDTHH:MM) SCREENSHOT.png
// Reports the default shown and the new card's id, as JSON on stdout.
const { signIn, report, choose } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, at, shot] = process.argv.slice(2);
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 360, height: 780 }, timezoneId: 'Asia/Vladivostok' });
  page.on('pageerror', (e) => problems.push(String(e)));
  await signIn(page, url, staff, code);
  const deviceOffset = await page.evaluate(() => -new Date().getTimezoneOffset());
  await page.click('#new-task', { timeout: 10000 });
  // The opened form takes the focus (its first kind) once it is there; a tap before then can be lost (once in CI the
  // taxi's fields never came), so the kind is tapped until it shows as chosen.
  await page.waitForFunction(() => document.activeElement && document.activeElement.classList.contains('kind-tile'), null, { timeout: 10000 });
  await choose(page, '[data-kind="taxi"]');
  const shown = await page.inputValue('#field-at');
  await page.fill('#field-visitor', 'Т. К.');
  await page.fill('#field-pickup', 'Главный вход');
  await page.fill('#field-destination', 'ул. Ленина, 5');
  await page.fill('#field-phone', '+79001234567');
  await page.fill('#field-at', at);
  await page.screenshot({ path: shot, fullPage: true });
  await page.click('#create-submit');
  const card = await page.waitForSelector('[data-task-id] >> text=ул. Ленина, 5', { timeout: 10000 }).catch(async (e) => {
    await page.screenshot({ path: shot.replace('.png', '-refused.png'), fullPage: true });
    throw e;
  });
  const id = await card.evaluate((e) => e.closest('[data-task-id]').dataset.taskId);
  return { device_offset: deviceOffset, shown, id, problems };
});
