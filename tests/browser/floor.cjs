// The supervisor's floor: every administrator with load, activity and breaches; a free task given to a person by
// dragging its card onto them (desktop) or through the menu (handheld); then the indicators, and the morning pack in
// site administration (the floor app's «Планёрка» link).
// usage: node floor.cjs URL STAFF_ID CODE TASK_ID TO_STAFF_ID MODE(drag|menu) WIDTH HEIGHT SCREENSHOT.png
// Reports what the board and the screens showed, as JSON on stdout; the KPI and morning screens are saved beside
// SCREENSHOT as -kpi.png, -morning.png and -morning-print.png.
const { openPage, signIn, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, to, mode, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.waitForSelector('#floor .person', { timeout: 10000 });
  const people = await page.$$eval('#floor .person', (els) => els.map((e) => ({
    id: e.dataset.staffId,
    load: e.querySelector('.load').textContent.trim(),
    activity: e.querySelector('.activity').textContent.trim(),
    breaches: e.querySelector('.breaches') ? e.querySelector('.breaches').textContent.trim() : '',
  })));
  const summary = (await page.textContent('#floor-summary')).trim();
  const card = `[data-task-id="${task}"]`;
  const before = await page.$(`${card} .holder`);
  const a11yFloor = await access(page);
  if (mode === 'drag') {
    // The people stay in view (sticky) while the list scrolls to the card.
    await page.locator(card).scrollIntoViewIfNeeded();
    await page.dragAndDrop(card, `#floor .person[data-staff-id="${to}"]`, { sourcePosition: { x: 12, y: 12 } });
  } else {
    await page.click(`${card} [data-action="reassign"]`);
    await page.waitForSelector(`${card} #reassign-to option[value="${to}"]`, { state: 'attached', timeout: 10000 });
    await page.selectOption(`${card} #reassign-to`, to);
    await page.click(`${card} #reassign-give`);
  }
  await page.waitForSelector(`${card} .holder`, { timeout: 10000 });
  const holder = (await page.textContent(`${card} .holder`)).trim();
  const loadBefore = people.find((p) => p.id === to).load;
  await page.waitForFunction(
    ([who, old]) => {
      const e = document.querySelector(`#floor .person[data-staff-id="${who}"] .load`);
      return e && e.textContent.trim() !== old;
    }, [to, loadBefore], { timeout: 10000 });
  const loadAfter = (await page.textContent(`#floor .person[data-staff-id="${to}"] .load`)).trim();
  await page.evaluate(() => window.scrollTo(0, 0));
  const zones = await page.$$eval('li.task .zone', (els) => els.map((e) => e.textContent.trim()));
  await page.screenshot({ path: shot, fullPage: true });

  await page.click('#tab-kpi');
  await page.waitForSelector('#kpi .tiles', { timeout: 10000 });
  const charts = await page.$$eval('#kpi figure.chart', (els) => els.map((e) => ({
    id: e.id, label: e.querySelector('svg').getAttribute('aria-label'), bars: e.querySelectorAll('.bar').length })));
  const tiles = await page.$$eval('#kpi .tile', (els) => els.map((e) => e.id).filter(Boolean));
  const kinds = await page.$$eval('#kpi-by-kind tbody tr', (els) => els.map((e) => e.dataset.key));
  const hours = await page.$$eval('#kpi-by-hour tbody tr', (els) => els.map((e) => Number(e.dataset.key)));
  const a11yKpi = await access(page);
  await page.screenshot({ path: shot.replace(/\.png$/, '-kpi.png'), fullPage: true });

  // The morning pack is held at the desk: the floor app's «Планёрка» opens site administration's.
  const desk = await page.getAttribute('#tab-morning-desk', 'href');
  await page.goto(new URL(desk, page.url()).href);
  await page.fill('#staff-number', staff);
  await page.fill('#code', code);
  await page.click('#sign-in');
  await page.waitForSelector('#morning .tiles', { timeout: 10000 });
  await page.waitForSelector('#morning #recognise', { timeout: 10000 });
  const problemsListed = await page.$$eval('#problems li', (els) => els.map((e) => e.textContent.trim()));
  const recognise = await page.$$eval('#recognise li', (els) => els.map((e) => e.textContent.trim()));
  const title = (await page.textContent('#morning-title')).trim();
  await page.screenshot({ path: shot.replace(/\.png$/, '-morning.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  const printHides = await page.evaluate(() => ['.topbar', '.tabs', '#print']
    .every((sel) => getComputedStyle(document.querySelector(sel)).display === 'none'));
  await page.screenshot({ path: shot.replace(/\.png$/, '-morning-print.png'), fullPage: true });
  return {
    people, summary, zones, had_holder: before !== null, holder, load_after: loadAfter, charts, tiles, kinds, hours,
    problems_listed: problemsListed, recognise, title, print_hides: printHides,
    access: [a11yFloor, a11yKpi], problems,
  };
});
