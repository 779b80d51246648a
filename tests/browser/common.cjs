// What every browser script shares: Chromium as this machine allows it, a page that records its errors, signing in
// through the page, and reporting.
// playwright-core comes from NODE_PATH (cargo xtask test points it at ~/.cache/floordesk/node/node_modules).
const { chromium } = require('playwright-core');

/// Debian's Chromium, headless, with nothing that would reach beyond loopback.
function launch() {
  return chromium.launch({
    executablePath: process.env.FLOORDESK_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// A page of the given size whose page errors and console errors land in `problems` (unless `allow(text)`).
async function openPage(browser, width, height, problems, allow = () => false) {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Actions sent and not yet answered, counted in the page as it sends them (see `answered`).
  await page.addInitScript(() => {
    const send = window.fetch;
    window.pushing = 0;
    window.fetch = async (...args) => {
      const push = String(args[0].url || args[0]).includes('/api/v1/sync/push');
      window.pushing += push ? 1 : 0;
      try {
        return await send(...args);
      } finally {
        window.pushing -= push ? 1 : 0;
      }
    };
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !allow(m.text())) problems.push(`console error: ${m.text()}`);
  });
  return page;
}

/// Opens the app at `url` and signs `staff` in with `code`: a browser knows no one, so the personal number is typed.
async function signIn(page, url, staff, code) {
  await page.goto(url);
  await page.fill('#staff-number', staff);
  await page.fill('#code', code);
  await page.click('#sign-in');
}

/// What assistive technology and fingers would stumble on, among the visible controls of the page: controls with
/// no accessible name (no text, aria-label, aria-labelledby, title or label), touch targets smaller than 44 px
/// (checked on narrow viewports only; `minTarget` 0 turns it off), and positive tabindex (a broken focus order).
async function access(page, minTarget = 44) {
  return page.evaluate((min) => {
    const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const name = (e) => (e.getAttribute('aria-label') || '').trim()
      || (e.getAttribute('aria-labelledby') ? 'labelledby' : '')
      || (e.getAttribute('title') || '').trim()
      || (e.labels && [...e.labels].map((l) => l.textContent.trim()).join(' ').trim())
      || (e.tagName === 'BUTTON' || e.tagName === 'SUMMARY' || e.tagName === 'A' ? e.textContent.trim() : '')
      || (e.getAttribute('placeholder') && e.closest('label') ? e.closest('label').textContent.trim() : '');
    const say = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).split(' ')[0] : ''}`;
    const controls = [...document.querySelectorAll('button, input, select, textarea, summary, a[href], [tabindex]')].filter(visible);
    const unnamed = controls.filter((e) => !name(e)).map(say);
    const small = window.innerWidth > 600 || min === 0 ? [] : controls
      .filter((e) => e.tagName !== 'A' && !(e.tagName === 'INPUT' && e.type === 'checkbox'))
      .filter((e) => e.getBoundingClientRect().height < min - 0.5).map((e) => `${say(e)} ${Math.round(e.getBoundingClientRect().height)}px`);
    const tabindex = controls.filter((e) => Number(e.getAttribute('tabindex')) > 0).map(say);
    return { unnamed, small, tabindex };
  }, minTarget);
}

/// Another client — `staff` signed in over the HTTP API — claims `task`; the push's outcome.
async function claimAs(url, staff, code, task) {
  const login = await fetch(`${url}/api/v1/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ staff_id: staff, code }),
  });
  const { token } = await login.json();
  const push = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocol: 5, device: 'other-client', ops: [
      { id: `op-other-${task}`, device_time: Date.now(), base_version: 0,
        change: { op: 'act', task, action: { action: 'claim' } } }] }),
  });
  return (await push.json()).results[0].outcome;
}

/// From now on, `window.shownPending` says whether the card `selector` ever showed an action as pending (an observer
/// set before the tap sees the mark however soon the server's word replaces it).
async function watchPending(page, selector) {
  await page.evaluate((sel) => {
    window.shownPending = false;
    new MutationObserver(() => {
      if (document.querySelector(`${sel} .pending`)) window.shownPending = true;
    }).observe(document.body, { childList: true, subtree: true });
  }, selector);
}

/// Waits until every action `page` sent has been answered and none is shown as pending (`.pending`): a browser shows
/// an action at once (a closed task leaves at once), and the server's word on it comes a moment later and redraws the
/// card as a new element — read a card after this, in one `evaluate`, or the element read may be gone meanwhile.
async function settled(page) {
  await page.waitForFunction(() => !window.pushing && !document.querySelector('.pending'), null, { timeout: 10000 });
}

/// Taps `button` (a face, a kind's tile: anything with `aria-pressed`) until it shows as chosen. A tap that landed as
/// what is under it was redrawn (the server's word on the last action makes a card anew; the site's kinds of work
/// come a moment after the form opens) can miss it: it is tapped again, as a person would (three taps at most),
/// unless it shows as chosen by then (a second tap on a face takes it back).
async function choose(page, button) {
  for (let tap = 0; tap < 3; tap += 1) {
    if (tap > 0 && (await page.getAttribute(button, 'aria-pressed')) === 'true') return;
    await page.click(button);
    const chosen = await page
      .waitForSelector(`${button}[aria-pressed="true"]`, { timeout: 3000 })
      .then(() => true, () => false);
    if (chosen) return;
  }
  throw new Error(`${button} did not show as chosen after three taps`);
}

/// `settled` for every page of `browser`, so what a test asks the server next is there by then.
async function answered(browser) {
  for (const context of browser.contexts()) {
    for (const page of context.pages()) await settled(page);
  }
}

/// Runs `body(browser)` and prints its result as one JSON line, once every action the pages show has been answered;
/// a failure is printed and exits 1.
function report(body) {
  (async () => {
    const browser = await launch();
    try {
      const result = await body(browser);
      await answered(browser);
      process.stdout.write(JSON.stringify(result) + '\n');
    } finally {
      await browser.close();
    }
  })().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
}

module.exports = { openPage, signIn, report, access, claimAs, watchPending, settled, choose };
