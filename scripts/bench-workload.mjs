// The practice workload (run by scripts/bench.sh, or alone: `DUET_TEST_DB=sqlite node scripts/bench-workload.mjs`).
// A new practice set up through the API like any other: 10 clinicians with 10 video visits a day and
// 200 clients, 5,000 visits over 10 weeks, plus 200 clinicians with empty calendars to book into. Then
// wrk at 16 and 64 connections (API token, Release server, load generator on the same cores) for:
// create a visit (every booking rule, audited), the practice's whole week (~500 visits with client
// names), read one client (audited). Prints one Markdown table: req/s, p50, p99, non-2xx, server RSS.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE, freshDatabase, newPractice, startServer } from '../tests/lib/server.mjs';

const DURATION = process.env.DURATION ?? '20s';
const CONNECTIONS = (process.env.CONNECTIONS ?? '16,64').split(',').map(Number);
const BUSY = 10;
const EMPTY = 200;
const CLIENTS = 200;
const WEEKS = 10;
const PER_DAY = 10;

// The server's CPU time so far (user + system), in milliseconds (clock ticks of 10 ms).
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssMiB = (pid, kind = 'VmRSS') =>
  Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${kind}:\\s+(\\d+)`))[1]) / 1024;
// Resident memory, and how much of it is the program's code and libraries mapped from their files (shared with the
// system's file cache) rather than memory of its own.
const residentText = (pid) =>
  `${rssMiB(pid).toFixed(0)} MiB (${rssMiB(pid, 'RssAnon').toFixed(0)} its own, ${rssMiB(pid, 'RssFile').toFixed(0)} code and libraries mapped from their files)`;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
// Monday 4 January 2027, 15:00 UTC (08:00 in Denver): the seeded weeks start here.
const FIRST_MONDAY = Date.parse('2027-01-04T15:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Runs `count` async jobs, `width` at a time. */
async function inParallel(count, width, job) {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

// PG_SOCKET=1: the server reaches PostgreSQL by its Unix socket, as a server on the database's own host would
// (docs/operations.md), instead of TCP on the loopback interface.
const viaSocket = (url) => {
  const { port, pathname, username } = new URL(url);
  return `postgresql://${username}@${pathname}?host=${process.env.DUET_PG_DIR}&port=${port}`;
};
const database = ENGINE === 'postgres' && process.env.PG_SOCKET ? viaSocket(freshDatabase()) : undefined;
// The server gives its caches back after 2 s without a request (30 s by default), so that the figure after the
// runs is what a quiet server holds.
const server = await startServer({ demo: false, database, args: ['--release-memory-after', '2', ...(process.env.SERVER_ARGS ?? '').split(' ').filter(Boolean)] });
const work = mkdtempSync(join(tmpdir(), 'duet-workload-'));
const atStart = residentText(server.proc.pid);
try {
  const seedStart = Date.now();
  const practice = await newPractice(server, { name: 'Workload Practice' });
  const { owner } = practice;
  const must = async (method, path, body, status = 201) => {
    const r = await owner.request(method, path, { body });
    if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  };
  const service = await must('POST', '/api/v1/services', {
    name: 'Psychotherapy, 45 min', cpt_code: '90834', duration_minutes: 50, modes: ['in_person', 'video'], fees: { in_person: 15000, video: 12500 },
  });
  const blocks = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start_time: '06:00', end_time: '22:00', mode: 'telehealth' }));
  const clinicians = [];
  await inParallel(BUSY + EMPTY, 8, async (i) => {
    const k = await practice.clinician({ given: 'Work', family: `Load${String(i).padStart(3, '0')}` });
    await must('POST', `/api/v1/clinicians/${k.id}/licenses`, { kind: 'license', state: 'CO', number: `LPC-${10000 + i}`,
      issued_on: '2020-01-01', expires_on: '2035-12-31', status: 'active' });
    await must('PUT', `/api/v1/clinicians/${k.id}/availability`, { blocks }, 200);
    clinicians[i] = k;
  });
  const busy = clinicians.slice(0, BUSY);
  const empty = clinicians.slice(BUSY);
  const clients = [];
  await inParallel(CLIENTS, 8, async (i) => {
    clients[i] = await must('POST', '/api/v1/clients', {
      given_name: 'Synthetic', family_name: `Client${String(i).padStart(3, '0')}`, birth_date: '1990-01-01',
      email: `client${i}@client.example.com`, location_state: 'CO', time_zone: 'America/Denver',
      clinician_ids: [busy[i % BUSY].id],
    });
  });
  // 5,000 visits: each busy clinician sees 10 of their 20 clients a day, hourly from 08:00 Denver time.
  const visits = [];
  for (let w = 0; w < WEEKS; w++)
    for (let d = 0; d < 5; d++)
      for (let h = 0; h < PER_DAY; h++)
        for (let k = 0; k < BUSY; k++)
          visits.push({ clinician_id: busy[k].id, client_id: clients[k + BUSY * ((h + d) % (CLIENTS / BUSY))].id,
            start: iso(FIRST_MONDAY + (w * 7 + d) * DAY + h * HOUR) });
  await inParallel(visits.length, 16, async (i) => {
    await must('POST', '/api/v1/appointments', { ...visits[i], service_id: service.id, mode: 'video' });
  });
  const seedSeconds = ((Date.now() - seedStart) / 1000).toFixed(0);
  // PostgreSQL plans from table statistics, which autovacuum gathers within a minute of a bulk change. A real
  // practice's tables have long had theirs; the benchmark gathers them now rather than timing plans made for
  // empty tables (a client's busy times read through the practice-wide time index: 0.5 ms instead of 0.07).
  if (ENGINE === 'postgres') execFileSync('psql', [server.database, '-q', '-c', 'ANALYZE']);
  const token = (await must('POST', '/api/v1/api-tokens', { user_id: owner.userId, name: 'workload', scope: 'read_write' })).token;

  // wrk scripts: bookings into the empty calendars from week 12 on (each request a new clinician and
  // hour, never the same client twice in one hour), the third seeded week, and one client at a time.
  const lua = (name, text) => {
    const path = join(work, name);
    writeFileSync(path, text);
    return path;
  };
  const list = (xs) => `{${xs.map((x) => `"${x}"`).join(',')}}`;
  const create = lua('create.lua', `
local clinicians = ${list(empty.map((k) => k.id))}
local clients = ${list(clients.map((c) => c.id))}
local base = ${Math.floor((FIRST_MONDAY + 12 * 7 * DAY) / 1000)}
local offset, step, n = 0, 1, 0
local threads = {}
function setup(thread) thread:set("id", #threads) table.insert(threads, thread) end
function init(args)
  offset = tonumber(args[1] or "0") + id
  step = 2 -- wrk -t2: thread 0 books the even numbers, thread 1 the odd
  wrk.headers["Authorization"] = "Bearer ${token}"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  local k = offset + n * step
  n = n + 1
  local c = k % #clinicians
  local slot = math.floor(k / #clinicians)
  local day = math.floor(slot / 12)
  local start = base + (math.floor(day / 5) * 7 + day % 5) * 86400 + (slot % 12) * 3600
  local body = '{"clinician_id":"' .. clinicians[c + 1] .. '","client_id":"' .. clients[(k % #clients) + 1] ..
    '","service_id":"${service.id}","mode":"video","start":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ", start) .. '"}'
  return wrk.format("POST", "/api/v1/appointments", nil, body)
end
`);
  const weekFrom = iso(FIRST_MONDAY + 14 * DAY - 15 * HOUR);
  const weekTo = iso(FIRST_MONDAY + 21 * DAY - 15 * HOUR);
  const read = lua('read.lua', `
local clients = ${list(clients.map((c) => c.id))}
local n = 0
function init(args) wrk.headers["Authorization"] = "Bearer ${token}" end
function request()
  n = n + 1
  return wrk.format("GET", "/api/v1/clients/" .. clients[(n % #clients) + 1])
end
`);
  const auth = ['-H', `Authorization: Bearer ${token}`];
  const check = await owner.request('GET', `/api/v1/appointments?from=${weekFrom}&to=${weekTo}`);
  const weekSize = check.json.items.length;

  let offset = 0;
  const rows = [];
  // PERF=<dir>: each run at 64 connections is also sampled by `perf record -g` into <dir>/<n>.data
  // (PERF_DWARF=1: call graphs from DWARF, for code built without frame pointers; PERF_ALL=1: every process, e.g.
  // PostgreSQL's backends beside the server).
  let perfRuns = 0;
  // PG_STATEMENTS=1 (PostgreSQL, a cluster started with PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"):
  // each run at 64 connections is followed by its costliest statements.
  const notes = [];
  const statements = process.env.PG_STATEMENTS && ENGINE === 'postgres'
    ? (() => {
        const base = readFileSync(join(process.env.DUET_PG_DIR, 'url'), 'utf8').trim();
        const psql = (sql) => execFileSync('psql', [base, '-q', '-c', sql], { encoding: 'utf8' });
        psql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
        return psql;
      })()
    : null;
  // wrk runs asynchronously so that this process keeps reading the server's output meanwhile.
  const run = async (name, args, connections) => {
    const threads = 2;
    const perf = process.env.PERF && connections === 64
      ? spawn('perf', ['record', '-F', '499', ...(process.env.PERF_DWARF ? ['--call-graph', 'dwarf,16384'] : ['-g']), ...(process.env.PERF_ALL ? ['-a'] : ['-p', String(server.proc.pid)]), '-o', join(process.env.PERF, `${++perfRuns}.data`)], { stdio: 'ignore' })
      : null;
    // PERF_STAT=<events>: each run at 64 connections is also counted by `perf stat -e <events>` (e.g. system calls).
    const stat = process.env.PERF_STAT && connections === 64
      ? spawn('perf', ['stat', '-e', process.env.PERF_STAT, '-p', String(server.proc.pid)], { stdio: ['ignore', 'ignore', 'pipe'] })
      : null;
    let statText = '';
    stat?.stderr.on('data', (d) => { statText += d; });
    if (statements && connections === 64) statements('SELECT pg_stat_statements_reset()');
    const auditBefore = await auditFigures();
    const cpuBefore = cpuMs(server.proc.pid);
    const started = Date.now();
    const { stdout: out } = await promisify(execFile)('wrk', [`-t${threads}`, `-c${connections}`, `-d${DURATION}`, '--latency', ...args], { encoding: 'utf8' });
    const rps = out.match(/Requests\/sec:\s+([\d.]+)/)[1];
    const p50 = out.match(/^\s+50%\s+(\S+)/m)[1];
    const p99 = out.match(/^\s+99%\s+(\S+)/m)[1];
    const non2xx = out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? '0';
    const requests = Number(out.match(/(\d+) requests in/)[1]);
    perf?.kill('SIGINT');
    if (stat) {
      stat.kill('SIGINT');
      await new Promise((resolve) => stat.on('close', resolve));
      const per = statText.split('\n').map((l) => l.match(/^\s*([\d,]+)\s+(\S+)/)).filter(Boolean)
        .map((m) => `${m[2]} ${(Number(m[1].replaceAll(',', '')) / requests).toFixed(2)}`);
      notes.push(`### ${name}: per request — ${per.join(', ')}`);
    }
    // Server CPU per request: what the server spends, whatever the load generator beside it takes.
    const cpuPerRequest = (cpuMs(server.proc.pid) - cpuBefore) / Math.max(1, requests);
    // The audit appender's mean batch (events per transaction) during the run.
    const auditAfter = await auditFigures();
    const batches = auditAfter.batches - auditBefore.batches;
    const batch = batches > 0 ? ((auditAfter.events - auditBefore.events) / batches).toFixed(1) : '–';
    // The writer's mean batch (writes per transaction; SQLite commits queued writes together).
    const writeBatches = auditAfter.writeBatches - auditBefore.writeBatches;
    const writes = writeBatches > 0 ? ((auditAfter.writes - auditBefore.writes) / writeBatches).toFixed(1) : '–';
    // The share of the run the WAL checkpointer held the writes (SQLite).
    const held = ENGINE === 'sqlite' ? `${((auditAfter.held - auditBefore.held) * 100000 / (Date.now() - started)).toFixed(1)} %` : '–';
    if (statements && connections === 64) {
      // Each statement's calls per request and mean time (waits for locks included), costliest first.
      notes.push(`### ${name}: statements (PostgreSQL)`, statements(`SELECT round(calls::numeric / ${requests}, 2) AS per_request, round(mean_exec_time::numeric, 3) AS mean_ms, round(total_exec_time::numeric) AS total_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12`));
    }
    rows.push(`| ${ENGINE} | ${name} | ${connections} | ${Number(rps).toFixed(0)} | ${p50} | ${p99} | ${non2xx} | ${cpuPerRequest.toFixed(3)} ms | ${batch} | ${writes} | ${held} | ${rssMiB(server.proc.pid).toFixed(0)} MiB |`);
    return requests;
  };
  const auditFigures = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const figure = (name) => Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? 0);
    return { batches: figure('duet_audit_batches_total'), events: figure('duet_audit_batched_events_total'),
      writeBatches: figure('duet_db_write_batches_total'), writes: figure('duet_db_batched_writes_total'),
      held: Number(text.match(/^duet_db_checkpoint_held_seconds_total (\S+)/m)?.[1] ?? 0) };
  };
  const idle = rssMiB(server.proc.pid);
  for (const c of CONNECTIONS) {
    await run('GET /healthz', [`${server.url}/healthz`], c);
    await run('read one client', ['-s', read, `${server.url}/api/v1/clients`], c);
    await run(`the practice's week (${weekSize} visits)`, [...auth, `${server.url}/api/v1/appointments?from=${weekFrom}&to=${weekTo}`], c);
    // Each run books into hours no earlier run used (the two threads may not make as many requests each).
    offset += 2 * await run('create a visit', ['-s', create, `${server.url}/api/v1/appointments`, '--', String(offset)], c) + 1000;
  }
  console.log(`## Practice workload (${ENGINE}): ${BUSY} + ${EMPTY} clinicians, ${CLIENTS} clients, ${visits.length} visits seeded in ${seedSeconds} s; wrk -t2 -d${DURATION}`);
  console.log('| engine | operation | connections | req/s | p50 | p99 | non-2xx | server CPU/request | audit events/batch | writes/batch | writes held by the checkpoint | server RSS |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log(`RSS at start: ${atStart}; after seeding: ${idle.toFixed(0)} MiB`);
  // Looks less often than the quiet spell (each look is a request).
  const releases = async () => Number((await (await fetch(`${server.url}/metrics`)).text()).match(/^duet_memory_releases_total (\d+)/m)?.[1] ?? 0);
  const released = await releases();
  for (let i = 0; i < 10 && await releases() === released; i++) await new Promise((r) => setTimeout(r, 3000));
  await new Promise((r) => setTimeout(r, 3000));
  console.log(`RSS after a quiet spell (caches given back): ${residentText(server.proc.pid)}`);
  for (const n of notes) console.log(n);
  if (server.stderr().trim()) console.log('server stderr:', server.stderr().slice(-2000));
} finally {
  await server.stop();
  // DUET_SQL_STEPS=1: the server printed its costliest statements (SQLite) as it stopped.
  if (process.env.DUET_SQL_STEPS) console.log(server.stderr().split('\n').filter((l) => / steps /.test(l)).join('\n'));
  rmSync(work, { recursive: true, force: true });
}
