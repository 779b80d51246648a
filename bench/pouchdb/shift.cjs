// The shift workload of `floordesk-loadgen`, against PouchDB: pouchdb-server (LevelDB on disk) as the central
// server, one PouchDB per device (in memory) in live two-way replication with its site's database.
// usage: node shift.cjs SERVER_URL SERVER_PID DEVICES PER_SITE SECONDS RATE|- CATCH_UP
// Each device lives a shift as the load generator's do: create a task, claim it, start it, complete it, each a write
// of the task's document; with RATE, one write per device every 1/RATE s (or as soon as the last is done when late),
// otherwise 50–150 ms of think time between writes. Prints one JSON line with the load generator's fields:
// accepted ops/s (the writes the server's databases hold at the end of the run, counted by their documents'
// revisions: replication sends a document's latest revision, with its history), send→heard (from a device's write
// to the first other device of its site seeing that revision or a later one of the document in its own database,
// within 2 s after the run; `heard` says what share of the writes was), catch-up (a new device replicating CATCH_UP
// documents), idle KB per device and the server's peak RSS; and how late this process's event loop ran (p99), as
// the devices share it.
const PouchDB = require('pouchdb-node').plugin(require('pouchdb-adapter-memory'));
const fs = require('fs');
const { monitorEventLoopDelay } = require('perf_hooks');

const [url, pid, devicesArg, perSiteArg, secondsArg, rateArg, catchUpArg] = process.argv.slice(2);
const devices = Number(devicesArg);
const perSite = Number(perSiteArg);
const seconds = Number(secondsArg);
const rate = rateArg === '-' ? null : Number(rateArg);
const catchUp = Number(catchUpArg);
const sites = Math.ceil(devices / perSite);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/// The server's resident memory, in KB: now (`VmRSS`) or at its peak (`VmHWM`).
const rss = (field) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))[1]);
const remote = (site) => new PouchDB(`${url}/site-${site}`, { skip_setup: false });
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);

/// The revision's generation: how many writes of its document it carries.
const generation = (rev) => Number(rev.split('-')[0]);

/// The writes the site's database holds: the generations of its documents' latest revisions.
async function held(site) {
  const all = await remote(site).allDocs();
  return all.rows.reduce((sum, row) => sum + generation(row.value.rev), 0);
}

(async () => {
  // Every site's database, created before the devices come.
  for (let s = 0; s < sites; s++) await remote(s).info();
  const before = rss('VmRSS');
  const heard = new Map(); // document → [[generation, first time another device of its site saw it]], rising
  const sent = []; // [document, generation, when its device wrote it]
  let hearing = Infinity; // what is seen after this time is not counted
  const fleet = [];
  for (let d = 0; d < devices; d++) {
    const site = Math.floor(d / perSite);
    const db = new PouchDB(`device-${d}`, { adapter: 'memory' });
    const sync = db.sync(remote(site), { live: true, retry: true });
    const feed = db.changes({ live: true, since: 'now' }).on('change', (c) => {
      const now = Date.now();
      if (c.id.startsWith(`d${d}-`) || now > hearing) return;
      const seen = heard.get(c.id) || [];
      const g = generation(c.changes[0].rev);
      if (!seen.length || seen[seen.length - 1][0] < g) seen.push([g, now]);
      heard.set(c.id, seen);
    });
    fleet.push({ d, db, sync, feed });
  }
  await sleep(3000);
  const idleKb = (rss('VmRSS') - before) / devices;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = Date.now();
  const end = started + seconds * 1000;
  let written = 0;
  await Promise.all(fleet.map(async ({ d, db }) => {
    let n = 0;
    // At a set rate each device starts at its own phase of the interval, as the load generator's do.
    let next = started + (rate ? Math.random() * 1000 / rate : 0);
    while (Date.now() < end) {
      const id = `d${d}-t${n++}`;
      let doc = { _id: id, status: 'new' };
      for (const status of ['new', 'claimed', 'started', 'done']) {
        if (rate) {
          if (next >= end) return;
          if (next > Date.now()) await sleep(next - Date.now());
          next += 1000 / rate;
        } else {
          await sleep(50 + Math.random() * 100);
        }
        if (Date.now() >= end) return;
        doc.status = status;
        const at = Date.now();
        const res = await db.put(doc);
        doc = { ...doc, _rev: res.rev };
        sent.push([id, generation(res.rev), at]);
        written++;
      }
    }
  }));
  const elapsed = (Date.now() - started) / 1000;
  // Two seconds for the last writes to be heard; what the server took during the run.
  hearing = Date.now() + 2000;
  const accepted = (await Promise.all([...Array(sites).keys()].map(held))).reduce((a, b) => a + b, 0);
  await sleep(Math.max(0, hearing - Date.now()));
  loop.disable();
  const latencies = [];
  for (const [id, g, at] of sent) {
    const first = (heard.get(id) || []).find(([seen]) => seen >= g);
    if (first) latencies.push(first[1] - at);
  }
  latencies.sort((a, b) => a - b);
  for (const { sync, feed } of fleet) {
    sync.cancel();
    feed.cancel();
  }
  // Catch-up: CATCH_UP documents on a site's database of their own, replicated into a new device.
  const source = new PouchDB(`${url}/catch-up`);
  for (let i = 0; i < catchUp; i += 1000) {
    await source.bulkDocs([...Array(Math.min(1000, catchUp - i)).keys()].map((k) => ({ _id: `c${i + k}`, status: 'new', zone: 'z' })));
  }
  const fresh = new PouchDB('catch-up-device', { adapter: 'memory' });
  const caught = Date.now();
  await fresh.replicate.from(source, { batch_size: 1000 });
  const catchUpMs = Date.now() - caught;
  process.stdout.write(JSON.stringify({
    devices,
    sites,
    per_site: perSite,
    zones: 1,
    offered_ops_per_second: rate ? rate * devices : 0,
    seconds: elapsed,
    written_ops: written,
    accepted_ops: accepted,
    accepted_ops_per_second: accepted / elapsed,
    push_p50_ms: percentile(latencies, 0.5),
    push_p99_ms: percentile(latencies, 0.99),
    latency_samples: latencies.length,
    heard: latencies.length / Math.max(1, sent.length),
    client_loop_delay_p99_ms: loop.percentile(99) / 1e6,
    catch_up_changes: catchUp,
    catch_up_ms: catchUpMs,
    idle_kb_per_device: idleKb,
    server_peak_rss_mb: rss('VmHWM') / 1024,
  }) + '\n');
  process.exit(0);
})().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
