// The morning meeting at the desk, in headless Chromium: the supervisor opens yesterday's pack in site
// administration, writes the day's goals and the people to thank, saves them; after a reload they are there; the
// printed pack carries them and not the form.
// usage: node morning_notes.cjs URL STAFF_ID CODE WIDTH HEIGHT SCREENSHOT.png
// Reports what the page showed, as JSON on stdout; the print form is saved beside SCREENSHOT as -print.png.
const { openPage, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, width, height, shot] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, width, height, problems);
  const open = async () => {
    await page.goto(`${url}/admin/`);
    await page.fill('#staff-number', staff);
    await page.fill('#code', code);
    await page.click('#sign-in');
    await page.click('#tab-morning');
    await page.waitForSelector('#morning .tiles', { timeout: 10000 });
    await page.waitForSelector('#notes-goals', { timeout: 10000 });
  };
  await open();
  const day = await page.getAttribute('#notes', 'data-day');
  await page.fill('#notes-goals', 'Встречать каждого у входа\n\nЖдать не дольше 10 минут');
  const thank = async (n, who, forWhat) => {
    await page.click('#thanks-add');
    const line = `#notes-thanks .thanks-line:nth-child(${n})`;
    await page.waitForSelector(`${line} .thanks-who option[value="${who}"]`, { state: 'attached', timeout: 10000 });
    await page.selectOption(`${line} .thanks-who`, who);
    await page.fill(`${line} .thanks-for`, forWhat);
  };
  await thank(1, 'anna', 'за помощь с коляской');
  await thank(2, 'igor', 'за спокойствие в очереди');
  // A thanks with nobody chosen is not saved unsaid: the form asks, and saves nothing.
  await page.click('#thanks-add');
  await page.fill('#notes-thanks .thanks-line:nth-child(3) .thanks-for', 'за всё');
  await page.click('#notes-save');
  await page.waitForSelector('#notes-problem', { timeout: 10000 });
  const nobody = (await page.textContent('#notes-problem')).trim();
  const savedNobody = await page.$('#notes-saved');
  await page.click('#notes-thanks .thanks-line:nth-child(3) .thanks-remove');
  await page.click('#notes-save');
  await page.waitForSelector('#notes-saved', { timeout: 10000 });
  const a11y = await access(page, 0);
  await page.screenshot({ path: shot, fullPage: true });

  // Again after a reload: what the server keeps.
  await open();
  await page.waitForFunction(() => document.querySelector('#notes-goals').value !== '', null, { timeout: 10000 });
  const reloaded = {
    goals: await page.inputValue('#notes-goals'),
    thanks: await page.$$eval('#notes-thanks .thanks-line', (els) => els.map((e) => ({
      who: e.querySelector('.thanks-who').value, for_what: e.querySelector('.thanks-for').value }))),
  };
  await page.emulateMedia({ media: 'print' });
  const printed = {
    form_hidden: await page.evaluate(() => getComputedStyle(document.querySelector('.notes-edit')).display === 'none'),
    goals: await page.$$eval('#notes-print .goals li', (els) => els.map((e) => e.textContent.trim())),
    thanked: await page.$$eval('#notes-print .thanked li', (els) => els.map((e) => e.textContent.trim())),
    shown: await page.evaluate(() => getComputedStyle(document.querySelector('#notes-print')).display !== 'none'),
  };
  await page.screenshot({ path: shot.replace(/\.png$/, '-print.png'), fullPage: true });
  return { day, nobody, saved_nobody: savedNobody !== null, reloaded, printed, access: [a11y], problems };
});
