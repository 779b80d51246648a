// Proactive service in headless Chromium: the supervisor tunes the rules in site administration; an administrator
// starts her shift and is given a waiting task by the rules (with no tap of anyone's); the supervisor's attention
// list shows an escalation and she acts on it from there.
// usage: node rules.cjs URL SUPERVISOR CODE ADMINISTRATOR CODE GIVEN_TASK LATE_TASK GIVE_TO WIDTH HEIGHT SCREENSHOT.png
// Reports what each page showed, as JSON on stdout.
const { openPage, signIn, report, access } = require('./common.cjs');

report(async (browser) => {
  const [url, sup, supCode, admin, adminCode, given, late, giveTo, width, height, shot] = process.argv.slice(2);
  const named = (suffix) => shot.replace(/\.png$/, `-${suffix}.png`);
  const problems = [];

  // 1. Site administration: the fourth floor gives its work automatically with nobody in reserve; every rule runs
  // around the clock (the test may run at night); the reminder comes at 5 minutes.
  const desk = await openPage(browser, 1280, 800, problems);
  await desk.goto(`${url}/admin/`);
  await desk.fill('#staff-number', sup);
  await desk.fill('#code', supCode);
  await desk.click('#sign-in');
  await desk.click('#tab-rules');
  const zone = 'tr[data-zone-id="poly-12-f4"]';
  await desk.waitForSelector(`${zone} .zone-mode`, { timeout: 10000 });
  await desk.selectOption(`${zone} .zone-mode`, 'auto');
  await desk.fill(`${zone} .reserve-people`, '0');
  for (const box of await desk.$$('.rule-always')) {
    if (!(await box.isChecked())) await box.check();
  }
  await desk.fill('tr[data-rule="start_reminder"] .rule-minutes', '5');
  await desk.click('#save-rules');
  await desk.waitForSelector('#rules-saved', { timeout: 10000 });
  await desk.screenshot({ path: named('tuned'), fullPage: true });
  const rulesAccess = await access(desk);

  // 2. The administrator's handheld: not on shift, she starts it, and the waiting task comes to her by itself.
  const hand = await openPage(browser, width, height, problems);
  await signIn(hand, url, admin, adminCode);
  await hand.waitForSelector('#shift-start', { timeout: 10000 });
  const offShift = (await hand.textContent('#shift .shift-state')).trim();
  await hand.click('#shift-start');
  await hand.waitForSelector('#shift.on', { timeout: 10000 });
  const onShift = (await hand.textContent('#shift .shift-state')).trim();
  const card = `#mine [data-task-id="${given}"]`;
  await hand.waitForSelector(`${card} .rule.given`, { timeout: 30000 });
  const givenNote = (await hand.textContent(`${card} .rule.given`)).trim();
  await hand.screenshot({ path: named('given') });
  const handAccess = await access(hand);
  await hand.click('#shift-break');
  await hand.waitForSelector('#shift.away', { timeout: 10000 });
  const onBreak = (await hand.textContent('#shift .shift-state')).trim();

  // 3. The supervisor's floor: the late task asks her attention; she gives it from the list.
  const floor = await openPage(browser, width, height, problems);
  await signIn(floor, url, sup, supCode);
  const asking = `#attention [data-task-id="${late}"]`;
  await floor.waitForSelector(asking, { timeout: 30000 });
  const why = (await floor.textContent(`${asking} .why`)).trim();
  await floor.waitForSelector(`#floor .person[data-staff-id="${admin}"]`, { timeout: 10000 });
  const floorPeople = await floor.$$eval('#floor .person', (els) => els.map((e) => ({
    id: e.dataset.staffId,
    presence: e.querySelector('.presence').textContent.trim(),
  })));
  await floor.locator(asking).scrollIntoViewIfNeeded();
  await floor.screenshot({ path: shot });
  const floorAccess = await access(floor);
  await floor.click(`${asking} [data-action="give"]`);
  const menu = `[data-task-id="${late}"] #reassign-to`;
  await floor.waitForSelector(`${menu} option[value="${giveTo}"]`, { state: 'attached', timeout: 10000 });
  await floor.selectOption(menu, giveTo);
  await floor.click(`[data-task-id="${late}"] #reassign-give`);
  await floor.waitForSelector(asking, { state: 'detached', timeout: 15000 });
  const wide = await floor.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

  return {
    off_shift: offShift,
    on_shift: onShift,
    given_note: givenNote,
    on_break: onBreak,
    why,
    floor_people: floorPeople,
    sideways: wide,
    access: [rulesAccess, handAccess, floorAccess],
    problems,
  };
});
