// A supervisor's page at 1280×800 on a site with many open tasks, in headless Chromium: how busy the main thread is
// while the page only shows its ticking clocks, how soon another client's change shows (pushed from the page's own
// clock, so both ends are timed on one clock), how soon a tap's result shows, and whether the page's memory grows
// with changes (the JS heap, DOM nodes and listeners; the wasm's own memory is not visible here). Prints one JSON
// line.
// usage: node big_site.cjs URL STAFF_ID CODE OTHER_STAFF_ID OTHER_CODE TASK_PREFIX OPEN_TASKS
const { openPage, signIn, report } = require('../../tests/browser/common.cjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHANGES = 10;
const TAPS = 5;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/// The page's main thread busy share (0–100) over `ms` of doing nothing, from Chromium's own task accounting.
async function busy(cdp, ms) {
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const before = await task();
  await sleep(ms);
  return ((await task()) - before) / (ms / 1000) * 100;
}

/// The JavaScript heap after a full collection, and the page's DOM nodes and event listeners.
async function memory(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  return { heap_mb: heap.usedSize / 1048576, nodes: dom.nodes, listeners: dom.jsEventListeners };
}

/// Milliseconds from `start` (run in the page) until the page shows `selector`; fails after 60 s.
async function until(page, selector, start, arg) {
  return page.evaluate(async ({ selector, start, arg }) => {
    const shown = new Promise((resolve, reject) => {
      setTimeout(() => reject(new Error(`${selector} not shown within 60 s`)), 60000);
      const seen = () => document.querySelector(selector) !== null;
      const observer = new MutationObserver(() => {
        if (seen()) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    });
    const t0 = performance.now();
    const AsyncFunction = (async () => {}).constructor;
    await new AsyncFunction('arg', start)(arg);
    return (await shown) - t0;
  }, { selector, start, arg });
}

report(async (browser) => {
  const [url, staff, code, other, otherCode, prefix, open] = process.argv.slice(2);
  const problems = [];
  const page = await openPage(browser, 1280, 800, problems);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  // The other client is an administrator on shift, whom the supervisor can give tasks to.
  const login = await fetch(`${url}/api/v1/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ staff_id: other, code: otherCode }),
  });
  const { token } = await login.json();
  await fetch(`${url}/api/v1/presence`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ change: { change: 'start' } }),
  });
  const loadStarted = Date.now();
  await signIn(page, url, staff, code);
  await page.waitForFunction((n) => document.querySelectorAll('li.task').length >= n, Number(open),
    { timeout: 300000, polling: 500 });
  const firstShownMs = Date.now() - loadStarted;
  await sleep(3000);
  // A whole minute: the seeded tasks were met within moments of each other, so their clocks roll together.
  await page.evaluate(() => {
    window.benchLongest = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => {
      window.benchLongest = Math.max(window.benchLongest, e.duration);
    })).observe({ type: 'longtask' });
  });
  const idle = await busy(cdp, 60000);
  const idleLongest = await page.evaluate(() => window.benchLongest);
  const before = await memory(cdp);

  // Another client claims a task: from the push until the page shows its holder.
  const live = [];
  for (let i = 0; i < CHANGES; i += 1) {
    const task = `${prefix}-${i}`;
    const push = `const answer = await fetch('/api/v1/sync/push', { method: 'POST', headers: { 'Content-Type': 'application/json',
      Authorization: 'Bearer ' + arg.token }, body: JSON.stringify({ protocol: 5, device: 'bench-other', ops: [
      { id: 'op-bench-' + arg.task, device_time: Date.now(), base_version: 0,
        change: { op: 'act', task: arg.task, action: { action: 'claim' } } }] }) });
      const outcome = (await answer.json()).results[0].outcome;
      if (outcome.outcome !== 'accepted') throw new Error('the claim was refused: ' + JSON.stringify(outcome));`;
    live.push(await until(page, `[data-task-id="${task}"] .holder`, push, { token, task }));
    await sleep(300);
  }
  await sleep(2000);
  const after = await memory(cdp);

  // The supervisor gives a free task to someone: from the tap on «Передать» in the menu until the card shows its
  // holder.
  const taps = [];
  for (let i = CHANGES; i < CHANGES + TAPS; i += 1) {
    const card = `[data-task-id="${prefix}-${i}"]`;
    await page.click(`${card} [data-action="reassign"]`, { timeout: 300000 });
    await page.waitForSelector('#reassign-to', { timeout: 300000 });
    const person = await page.$eval('#reassign-to', (s) => [...s.options].map((o) => o.value).find((v) => v));
    await page.selectOption('#reassign-to', person, { timeout: 300000 });
    taps.push(await until(page, `${card} .holder`, "document.querySelector('#reassign-give').click();", null));
    await sleep(300);
  }
  if (problems.length > 0) throw new Error(`the page reported: ${problems.join('; ')}`);
  return {
    open_tasks: Number(open),
    cards: await page.$$eval('li.task', (l) => l.length),
    first_shown_ms: firstShownMs,
    idle_busy_pct: idle,
    idle_longest_task_ms: idleLongest,
    live_p50_ms: median(live),
    live_max_ms: Math.max(...live),
    tap_p50_ms: median(taps),
    tap_max_ms: Math.max(...taps),
    heap_mb_before: before.heap_mb,
    heap_mb_after: after.heap_mb,
    nodes_before: before.nodes,
    nodes_after: after.nodes,
    listeners_before: before.listeners,
    listeners_after: after.listeners,
    problems,
  };
});
