// The supervisor's wide floor in site administration, in headless Chromium at a desk size: a bookmarked view (zone
// columns, one zone, urgent only) opens from the address; the filters are cleared; a card is dragged from one zone's
// column onto a person named in another zone's column; the arrow keys move between cards and columns; the columns
// by state with "needs attention" go to the address and come back after a reload.
// usage: node wide_floor.cjs URL STAFF_ID CODE TASK_ID TO_ZONE TO_STAFF_ID WIDTH HEIGHT SCREENSHOT.png
// Reports what the page showed, as JSON on stdout; the state columns are saved beside SCREENSHOT as -state.png.
const { openPage, report, access, settled } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, task, toZone, to, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  const signIn = async () => {
    await page.fill('#staff-number', staff);
    await page.fill('#code', code);
    await page.click('#sign-in');
    await page.waitForSelector('#wide .column', { timeout: 10000 });
  };
  const columns = () => page.$$eval('#wide .column', (els) => els.map((c) => ({
    key: c.dataset.column,
    title: c.querySelector('h3').textContent.trim(),
    tasks: [...c.querySelectorAll('li.task')].map((t) => t.dataset.taskId),
    takers: [...c.querySelectorAll('.taker')].map((t) => t.dataset.staffId),
  })));
  const address = () => page.evaluate(() => window.location.search);

  // 1. A bookmarked view: by zone, the third floor, urgent only.
  await page.goto(`${url}/admin/?floor&by=zone&zone=poly-12-f3&priority=urgent`);
  await signIn();
  // Who is on shift comes with its own answer, after the tasks.
  await page.waitForSelector('#wide .column .taker', { timeout: 10000 });
  const bookmarked = {
    tab: await page.getAttribute('#tab-floor', 'aria-current'),
    pressed: await page.getAttribute('[data-columns="zone"]', 'aria-pressed'),
    zone: await page.inputValue('#filter-zone'),
    priority: await page.inputValue('#filter-priority'),
    columns: await columns(),
    heading: (await page.textContent('#wide-title')).trim(),
  };

  // 2. Every zone again; the address keeps the columns only.
  await page.click('#filter-reset');
  await page.waitForFunction(() => document.querySelectorAll('#wide .column').length > 1, null, { timeout: 10000 });
  await page.waitForSelector(`#wide .column[data-column="${toZone}"] .taker[data-staff-id="${to}"]`, { timeout: 10000 });
  const cleared = { address: await address(), columns: await columns() };
  const a11y = await access(page, 0);
  await page.screenshot({ path: shot, fullPage: true });

  // 3. A card dragged from its zone's column onto a person of another zone's column is theirs.
  // The card is read in one go: the server's word on the drop redraws it as a new element.
  const card = `#wide li.task[data-task-id="${task}"]`;
  const read = () => page.evaluate((sel) => {
    const c = document.querySelector(sel);
    const holder = c.querySelector('.holder');
    return { holder: holder && holder.textContent.trim(), now_in: c.closest('.column').dataset.column, status: c.dataset.status };
  }, card);
  const from = (await read()).now_in;
  await page.dragAndDrop(card, `#wide .column[data-column="${toZone}"] .taker[data-staff-id="${to}"]`,
    { sourcePosition: { x: 12, y: 12 } });
  await page.waitForSelector(`${card} .holder`, { timeout: 10000 });
  await settled(page);
  const dragged = { from, ...(await read()) };

  // 4. The arrow keys: right to the next column that has cards, down to the next card of that column.
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    return e && e.dataset.taskId ? { task: e.dataset.taskId, column: e.closest('.column').dataset.column } : null;
  });
  await page.focus('#wide .column:first-child li.task');
  const keys = [await focused()];
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowUp', 'ArrowLeft', 'Shift+ArrowRight']) {
    await page.keyboard.press(key);
    keys.push(await focused());
  }

  // 5. Columns by state, only what needs attention: in the address, and back after a reload.
  await page.click('[data-columns="state"]');
  await page.check('#filter-attention');
  await page.waitForFunction(() => window.location.search.includes('attention=1'), null, { timeout: 10000 });
  const byState = { address: await address(), columns: await columns() };
  await page.screenshot({ path: shot.replace(/\.png$/, '-state.png'), fullPage: true });
  await page.reload();
  await signIn();
  const reloaded = {
    address: await address(),
    attention: await page.isChecked('#filter-attention'),
    pressed: await page.getAttribute('[data-columns="state"]', 'aria-pressed'),
    columns: await columns(),
  };
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  // Another tab takes the floor out of the address.
  await page.click('#tab-rules');
  await page.waitForFunction(() => window.location.search === '', null, { timeout: 10000 });
  return { bookmarked, cleared, dragged, keys, by_state: byState, reloaded, sideways, access: [a11y], problems };
});
