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
  page.on('console', (m) => {
    if (m.type() === 'error' && !allow(m.text())) problems.push(`console error: ${m.text()}`);
  });
  return page;
}

/// Opens the app at `url` and signs `staff` in with `code`.
async function signIn(page, url, staff, code) {
  await page.goto(url);
  await page.click(`[data-staff-id="${staff}"]`);
  await page.fill('#code', code);
  await page.click('#sign-in');
}

/// Runs `body(browser)` and prints its result as one JSON line; a failure is printed and exits 1.
function report(body) {
  (async () => {
    const browser = await launch();
    try {
      process.stdout.write(JSON.stringify(await body(browser)) + '\n');
    } finally {
      await browser.close();
    }
  })().catch((e) => {
    console.error(e.stack || String(e));
    process.exit(1);
  });
}

module.exports = { openPage, signIn, report };
