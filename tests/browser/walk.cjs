// A task of one kind carried to its real end on a handheld, in headless Chromium, through the card's own steps:
// created through the form (or taken from the demo), then each step pressed as a floor administrator would,
// answering a step's question (a few words, or one of its choices) when it asks one.
// usage: node walk.cjs URL STAFF_ID CODE WIDTH HEIGHT PLAN_JSON SCREENSHOT.png
// PLAN: { "contacts": [PURPOSE | { "purpose": PURPOSE, "score": 1–5 }…] (tapped first, optional; a score: the
//         visitor's face tapped before the purpose),
//         "create": { "kind": K, "fields": { key: value }, "find": TEXT } | null, "task": ID | null,
//         "walk": [ { "press": ACTION } | { "step": STEP, "text": WORDS } | { "step": STEP, "choice": N }
//                 | { "cancel": N } | { "cancel_text": WORDS } ] }
// Reports the task's id, the steps each card offered on the way, pages wider than the screen, and problems.
const { openPage, signIn, report, settled: serverAnswered, choose } = require('./common.cjs');

report(async (browser) => {
  const [url, staff, code, width, height, planJson, shot] = process.argv.slice(2);
  const plan = JSON.parse(planJson);
  const problems = [];
  const overflow = [];
  const page = await openPage(browser, width, height, problems);
  await signIn(page, url, staff, code);
  await page.waitForSelector('#new-task, li.task', { timeout: 10000 });
  const wide = async (where) => {
    const extra = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (extra > 0) overflow.push(`${where}: ${extra}px`);
  };
  // One-tap contacts first, each confirmed on the screen. Each is four pushes (made, taken, started, done): they
  // are counted, so that the page is not closed while one is still on its way.
  const contacts = (plan.contacts || []).map((c) => (typeof c === 'string' ? { purpose: c } : c));
  let pushed = 0;
  page.on('response', (r) => { if (r.request().method() === 'POST' && r.url().endsWith('/sync/push')) pushed += 1; });
  for (const { purpose, score } of contacts) {
    if (score) await page.click(`.contact-rating .face[data-score="${score}"]`);
    await page.click(`[data-purpose="${purpose}"]`);
    await page.waitForSelector(`.contacts [role="status"]:has-text("${purpose}")`, { timeout: 10000 });
    await wide(`contact ${purpose}`);
  }
  // Each contact is closed at once: none stays on the list.
  if (contacts.length) {
    for (let waited = 0; pushed < 4 * contacts.length && waited < 20000; waited += 100) {
      await page.waitForTimeout(100);
    }
    await page.waitForFunction((purposes) => ![...document.querySelectorAll('li.task .summary')]
      .some((e) => purposes.includes(e.textContent.trim())), contacts.map((c) => c.purpose), { timeout: 10000 });
  }
  let id = plan.task;
  if (!id && !plan.create) {
    await page.screenshot({ path: shot, fullPage: true });
    return { id: null, offered: [], gone: true, overflow, problems };
  }
  if (plan.create) {
    await page.click('#new-task');
    await choose(page, `[data-kind="${plan.create.kind}"]`);
    for (const [key, value] of Object.entries(plan.create.fields)) {
      const field = `#field-${key}`;
      if ((await page.$eval(field, (e) => e.tagName)) === 'SELECT') await page.selectOption(field, value);
      else await page.fill(field, value);
    }
    await wide('form');
    await page.click('#create-submit');
    const card = await page.waitForSelector(`li.task:has-text("${plan.create.find}")`, { timeout: 10000 });
    id = await card.getAttribute('data-task-id');
  }
  const card = `li.task[data-task-id="${id}"]`;
  await page.waitForSelector(card, { timeout: 10000 });
  const offered = [];
  const version = () => page.$eval(card, (e) => Number(e.dataset.version)).catch(() => null);
  // After an action the card comes back at a newer version, or leaves the list (done, cancelled), and the server's
  // word on it has come (it makes the card anew: a tap meanwhile could land on the card being replaced).
  const settled = async (before) => {
    await page.waitForFunction(
      ([sel, v]) => { const e = document.querySelector(sel); return !e || Number(e.dataset.version) > v; },
      [card, before], { timeout: 10000 });
    await serverAnswered(page);
  };
  for (const move of plan.walk) {
    offered.push(await page.$$eval(`${card} [data-step]`, (els) => els.map((e) => e.dataset.step)));
    const before = await version();
    if (move.press) {
      await page.click(`${card} [data-action="${move.press}"]`);
      if (move.press === 'complete') {
        await page.waitForSelector('#rating-skip');
        await wide('rating');
        await choose(page, '.rating .face[data-score="5"]');
        await page.click('#rating-save');
      }
    } else if (move.step) {
      await page.click(`${card} [data-step="${move.step}"]`);
      if (move.text !== undefined) {
        await page.fill(`${card} #step-text`, move.text);
        await wide(`step ${move.step}`);
        await page.click(`${card} #step-save`);
      } else if (move.choice !== undefined) {
        await wide(`step ${move.step}`);
        await page.click(`${card} .choice >> nth=${move.choice}`);
      }
    } else if (move.cancel !== undefined || move.cancel_text !== undefined) {
      await page.click(`${card} [data-action="cancel"]`);
      await wide('cancel');
      if (move.cancel_text !== undefined) {
        await page.fill(`${card} #step-text`, move.cancel_text);
        await page.click(`${card} #step-save`);
      } else {
        await page.click(`${card} .choice >> nth=${move.cancel}`);
      }
    }
    await settled(before);
    await wide(JSON.stringify(move));
  }
  await page.screenshot({ path: shot, fullPage: true });
  const gone = (await page.$(card)) === null;
  return { id, offered, gone, overflow, problems };
});
