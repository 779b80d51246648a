// The coordinator's ambulance board in headless Chromium: crews by ETA, one tap when a crew arrives.
// usage: node ambulance.cjs URL STAFF_ID CODE TASK_ID WIDTH HEIGHT SCREENSHOT.png
// Reports the board before and after, as JSON on stdout.
const { chromium } = require('playwright-core');

async function main() {
  const [url, staff, code, task, width, height, shot] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.FLOORDESK_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await page.goto(url);
    await page.click(`[data-staff-id="${staff}"]`);
    await page.fill('#code', code);
    await page.click('#sign-in');
    await page.waitForSelector('#ambulances .crew', { timeout: 10000 });
    const board = () => page.$$eval('#ambulances .crew', (els) => els.map((e) => ({
      id: e.dataset.taskId, arrived: e.dataset.arrived, clock: e.querySelector('.clock').textContent.trim(),
    })));
    const before = await board();
    const row = `#ambulances [data-task-id="${task}"]`;
    await page.click(`${row} [data-action="arrived"]`);
    await page.waitForSelector(`${row}[data-arrived="true"]`, { timeout: 10000 });
    const after = await board();
    await page.screenshot({ path: shot });
    process.stdout.write(JSON.stringify({ before, after, problems }) + '\n');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
