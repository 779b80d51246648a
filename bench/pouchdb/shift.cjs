// The shift workload of `floordesk-loadgen`, against PouchDB: pouchdb-server (LevelDB on disk) as the central
// server, one PouchDB per device (in memory) in live two-way replication with its site's database.
// usage: node shift.cjs SERVER_URL SERVER_PID DEVICES PER_SITE SECONDS RATE|- CATCH_UP
// Each device lives a shift as the load generator's do: create a task, claim it, start it, complete it, each a write
// of the task's document; with RATE, one write per device every 1/RATE s (or as soon as the last is done when late),
// otherwise 50–150 ms of think time between writes. Prints one JSON line with the load generator's fields:
// accepted ops/s (the server databases' update_seq gained, per second), send→heard (from a device's write to the
// first other device of its site seeing it in its own database), catch-up (a new device replicating CATCH_UP
// documents), idle KB per device and the server's peak RSS.
const PouchDB = require('pouchdb-node').plugin(require('pouchdb-adapter-memory'));
const fs = require('fs');

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

async function updateSeq(site) {
  const info = await remote(site).info();
  return Number(String(info.update_seq).split('-')[0]);
}

(async () => {
  // Every site's database, created before the devices come.
  for (let s = 0; s < sites; s++) await remote(s).info();
  const before = rss('VmRSS');
  const heard = new Map(); // `${doc}@${rev}` → first time another device of its site saw it
  const sent = new Map(); // `${doc}@${rev}` → when its device wrote it
  const fleet = [];
  for (let d = 0; d < devices; d++) {
    const site = Math.floor(d / perSite);
    const db = new PouchDB(`device-${d}`, { adapter: 'memory' });
    const sync = db.sync(remote(site), { live: true, retry: true });
    const feed = db.changes({ live: true, since: 'now' }).on('change', (c) => {
      const key = `${c.id}@${c.changes[0].rev}`;
      if (!c.id.startsWith(`d${d}-`) && !heard.has(key)) heard.set(key, Date.now());
    });
    fleet.push({ d, db, sync, feed });
  }
  await sleep(3000);
  const idleKb = (rss('VmRSS') - before) / devices;
  const startSeq = (await Promise.all([...Array(sites).keys()].map(updateSeq))).reduce((a, b) => a + b, 0);
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
        sent.set(`${id}@${res.rev}`, at);
        written++;
      }
    }
  }));
  const elapsed = (Date.now() - started) / 1000;
  // What the server took during the run; then a moment for the last writes to be heard.
  const endSeq = (await Promise.all([...Array(sites).keys()].map(updateSeq))).reduce((a, b) => a + b, 0);
  await sleep(2000);
  const latencies = [];
  for (const [key, at] of sent) if (heard.has(key)) latencies.push(heard.get(key) - at);
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
    accepted_ops: endSeq - startSeq,
    accepted_ops_per_second: (endSeq - startSeq) / elapsed,
    push_p50_ms: percentile(latencies, 0.5),
    push_p99_ms: percentile(latencies, 0.99),
    latency_samples: latencies.length,
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
