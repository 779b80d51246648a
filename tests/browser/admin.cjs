// A site set up from an empty server through site administration (/admin/) in headless Chromium, on a desktop: the
// city administrator creates a polyclinic and its supervisor; the supervisor writes the zones, imports the staff file
// (a check, then the import, then the same file again), enrols a handheld, and reads the log.
// usage: node admin.cjs URL CITY_ADMIN_ID CODE STAFF_FILE SCREENSHOT.png
// Reports the codes and the enrolment line the pages showed (for the test to use through the API), what the
// import's checks said, the log's actions, sideways scrolling at 360 px, and problems.
const { openPage, report } = require('./common.cjs');

report(async (browser) => {
  const [url, cityAdmin, cityCode, staffFile, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, 1280, 800, problems);
  const named = (suffix) => shot.replace(/\.png$/, `-${suffix}.png`);
  const signIn = async (who, code) => {
    await page.goto(`${url}/admin/`);
    await page.fill('#staff-number', who);
    await page.fill('#code', code);
    await page.click('#sign-in');
  };

  // The city administrator: a new polyclinic, then its supervisor, whose code is shown once.
  await signIn(cityAdmin, cityCode);
  await page.waitForSelector('#sites', { timeout: 10000 });
  await page.fill('#new-site .site-id', 'poly-7');
  await page.selectOption('#new-site .site-kind', 'polyclinic');
  await page.fill('#new-site .site-name', 'Поликлиника № 7');
  // Its own hours: the usual ones of a polyclinic, but closed on Saturdays.
  await page.check('#new-site .own-hours');
  await page.uncheck('#new-site tr[data-day="5"] .open');
  await page.click('#new-site button[type="submit"]');
  await page.waitForSelector('[data-site-id="poly-7"]', { timeout: 10000 });
  await page.waitForSelector('#new-person', { timeout: 10000 });
  await page.fill('#new-person .number', '20001');
  await page.fill('#new-person .name', 'Иванова Мария Петровна');
  await page.click('#new-person button[type="submit"]');
  const supervisorCode = (await page.textContent('#codes td.code', { timeout: 10000 })).trim();
  await page.waitForSelector('#staff tr[data-staff-id="20001"]', { timeout: 10000 });
  await page.screenshot({ path: named('sites'), fullPage: true });
  await page.click('#sign-out');

  // The supervisor: zones, the staff file, a handheld, the log.
  await signIn('20001', supervisorCode);
  await page.waitForSelector('#staff', { timeout: 10000 });
  await page.click('#tab-zones');
  for (const [id, name, floor] of [['poly-7-entrance', 'Вход', '1'], ['poly-7-f2', '2 этаж', '2']]) {
    await page.fill('#new-zone .zone-id', id);
    await page.fill('#new-zone .zone-name', name);
    await page.fill('#new-zone .floor', floor);
    await page.click('#new-zone button[type="submit"]');
    await page.waitForSelector(`[data-zone-id="${id}"]`, { timeout: 10000 });
  }
  await page.click('#tab-import');
  await page.fill('#import-csv', staffFile);
  await page.click('#import-check');
  const planned = (await page.textContent('#import-summary', { timeout: 10000 })).trim();
  const plannedLines = await page.$$eval('.import-report tr[data-line]', (rows) => rows.map((r) => r.className));
  await page.screenshot({ path: named('import-check'), fullPage: true });
  await page.click('#import-apply');
  await page.waitForFunction(() => document.querySelectorAll('#codes td.code').length > 0, null, { timeout: 10000 });
  const codes = await page.$$eval('#codes tr[data-staff-id]', (rows) => Object.fromEntries(
    rows.map((r) => [r.dataset.staffId, r.querySelector('.code').textContent.trim()])));
  const applied = (await page.textContent('#import-summary')).trim();
  await page.click('#codes-close');
  await page.click('#import-check');
  await page.waitForFunction((before) => document.querySelector('#import-summary').textContent.trim() !== before,
    applied, { timeout: 10000 });
  const again = (await page.textContent('#import-summary')).trim();

  await page.click('#tab-staff');
  await page.waitForSelector('#staff tr[data-staff-id="10001"]', { timeout: 10000 });
  const staff = await page.$$eval('#staff tbody tr[data-staff-id]', (rows) => rows.map((r) => r.dataset.staffId));
  await page.screenshot({ path: named('staff'), fullPage: true });

  await page.click('#tab-devices');
  await page.fill('#new-device .device-name', 'Вход, стойка');
  await page.click('#new-device button[type="submit"]');
  const line = (await page.textContent('#enrolment-line', { timeout: 10000 })).trim();
  const qr = await page.$eval('#enrolment svg.qr path', (p) => p.getAttribute('d').length);
  await page.screenshot({ path: named('devices'), fullPage: true });

  await page.click('#tab-log');
  await page.waitForSelector('table.log tr[data-action]', { timeout: 10000 });
  const log = await page.$$eval('table.log tr[data-action]', (rows) => rows.map((r) => r.dataset.action));
  await page.screenshot({ path: shot, fullPage: true });

  // On a handheld the pages do not scroll sideways (wide tables scroll inside their section).
  const overflow = {};
  await page.setViewportSize({ width: 360, height: 780 });
  for (const tab of ['tab-staff', 'tab-import', 'tab-zones', 'tab-devices', 'tab-log']) {
    await page.click(`#${tab}`);
    await page.waitForTimeout(300);
    overflow[tab] = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  }
  await page.click('#tab-staff');
  await page.waitForSelector('#staff tr[data-staff-id="10001"]', { timeout: 10000 });
  await page.screenshot({ path: named('handheld'), fullPage: true });
  return { supervisor_code: supervisorCode, planned, planned_lines: plannedLines, applied, again, codes, staff, line, qr,
    log, overflow, problems };
});
