// Signs in through the browser UI in headless Chromium and reports what the page shows, as JSON on stdout.
// usage: node sign_in.cjs URL STAFF_ID CODE WIDTH HEIGHT SCREENSHOT.png
// playwright-core comes from NODE_PATH (cargo xtask test points it at ~/.cache/floordesk/node/node_modules).
const { chromium } = require('playwright-core');

async function main() {
  const [url, staff, code, width, height, shot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.FLOORDESK_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  // The wrong-code step below makes the browser log the server's 401; only that step may.
  let expectUnauthorized = false;
  try {
    const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      if (expectUnauthorized && m.text().includes('status of 401')) return;
      problems.push(`console error: ${m.text()}`);
    });
    await page.goto(url);
    await page.click(`[data-staff-id="${staff}"]`);
    // A wrong code first: the page must say so and keep the person on the sign-in screen.
    await page.fill('#code', code === '0000' ? '1111' : '0000');
    expectUnauthorized = true;
    await page.click('#sign-in');
    const wrongCode = (await page.textContent('#error', { timeout: 10000 })).trim();
    expectUnauthorized = false;
    await page.fill('#code', code);
    await page.click('#sign-in');
    await page.waitForSelector('#mine h2', { timeout: 10000 });
    const ids = (section) => page.$$eval(`#${section} [data-task-id]`, (els) => els.map((e) => e.dataset.taskId));
    const result = {
      wrong_code: wrongCode,
      who: (await page.textContent('#who')).trim(),
      mine: await ids('mine'),
      pool: await ids('pool'),
      clocks: await page.$$eval('#mine .clock', (els) => els.map((e) => e.textContent.trim())),
      lang: await page.getAttribute('html', 'lang'),
      overflow_x: await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      problems,
    };
    await page.screenshot({ path: shot, fullPage: true });
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
