#!/usr/bin/env node
// npm run bench [-- --quick]: measures the running app side by side with a baseline in the
// same run (ratios mean more than absolute times on a shared machine), prints a table and
// writes bench-results.json. Everything runs on loopback. Not part of npm test.
// BENCH_PROFILE=<folder> also writes a V8 CPU profile of the measured server there.
// --engine=postgres and --nodes=2 measure the realtime and page figures again on other setups,
// in the same run and beside the single-process SQLite ones (see SETUPS below).
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import pg from 'pg';
import { io } from 'socket.io-client';
import { freePort, startNginx, startPostgres, startRedis, treeCpuSeconds } from './services.js';
import { audit, RUNS as LIGHTHOUSE_RUNS } from './bench-lighthouse.js';
import { heartbeatCost } from './bench-heartbeat.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
// --realtime-only: just the realtime comparison (for working on it; writes no results file).
const realtimeOnly = process.argv.includes('--realtime-only');
// --pages-only: just the pages (likewise for working on them).
const pagesOnly = process.argv.includes('--pages-only');
// --lighthouse-only: just the Lighthouse runs (likewise).
const lighthouseOnly = process.argv.includes('--lighthouse-only');
// --heartbeat-only: just what the shorter heartbeat costs (likewise).
const heartbeatOnly = process.argv.includes('--heartbeat-only');
// --couples=100,300: other sizes than the standard ones.
const chosen = process.argv.find((a) => a.startsWith('--couples='));
const SIZES = chosen
	? chosen.slice('--couples='.length).split(',').map(Number)
	: quick
		? [10, 25]
		: [50, 250, 500];
const STEADY_SECONDS = quick ? 4 : 10;
const SATURATION_SECONDS = quick ? 3 : 6;
const PAGE_SECONDS = quick ? 3 : 8; // per route, in rounds of a second
const PASSWORD = 'quiet lantern evening 58';
// The setups measured, SQLite's single process always first: --engine=postgres adds one process
// on a throwaway PostgreSQL; --nodes=2 adds two processes on PostgreSQL and Redis behind nginx
// (docs/deploy.md's configuration), each couple's partners connected to different processes.
const engine = process.argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length);
const nodes = Number(
	process.argv.find((a) => a.startsWith('--nodes='))?.slice('--nodes='.length) ?? 1
);
if (engine && engine !== 'postgres' && engine !== 'sqlite')
	throw new Error(`unknown --engine=${engine}`);
if (nodes !== 1 && nodes !== 2) throw new Error('--nodes= takes 1 or 2');
const SETUPS = [
	{ name: 'sqlite', label: 'SQLite, 1 process' },
	...(engine === 'postgres' ? [{ name: 'postgres', label: 'PostgreSQL, 1 process' }] : []),
	...(nodes === 2 ? [{ name: 'nodes2', label: 'PostgreSQL+Redis, 2 processes' }] : [])
];
const results = {
	startedAt: new Date().toISOString(),
	quick,
	node: process.version,
	setups: SETUPS,
	realtime: [],
	pages: null,
	pagesBySetup: {},
	weight: null,
	lighthouse: null,
	database: null
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted, p) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const round = (n, d = 1) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);

/** Always a fresh production build: a build left by a test runner may be a development one. */
function build() {
	console.log('Building the app…');
	const env = { ...process.env, NODE_ENV: 'production' };
	return new Promise((ok, fail) =>
		spawn('npm', ['run', 'build'], { cwd: root, env, stdio: 'ignore' }).on('exit', (c) =>
			c === 0 ? ok() : fail(new Error('build failed'))
		)
	);
}

async function startProcess(args, env, ready) {
	const child = spawn(process.execPath, args, {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	await new Promise((ok, fail) => {
		const timer = setInterval(() => {
			if (out.includes(ready)) {
				clearInterval(timer);
				ok();
			}
		}, 20);
		child.once('exit', (code) => (clearInterval(timer), fail(new Error(`exited ${code}: ${out}`))));
	});
	return {
		child,
		stop: () =>
			new Promise((ok) => {
				if (child.exitCode !== null) return ok();
				child.once('exit', ok);
				child.kill('SIGTERM');
			})
	};
}

/**
 * One app process. `more` is added to its environment (DATABASE_URL, REDIS_URL, ORIGIN…); on
 * PostgreSQL, `dbPath`'s folder still holds the mail it writes (outbox/).
 */
async function startApp(dbPath, profile, more = {}) {
	const port = more.PORT ? Number(more.PORT) : await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const env = {
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: origin,
		DATABASE_PATH: dbPath,
		LOG_LEVEL: 'warn',
		...more
	};
	if (profile) env.TRELLIS_QUERY_PROFILE = profile;
	const proc = await startProcess(
		[
			...(process.env.BENCH_PROFILE
				? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROFILE]
				: []),
			join(root, 'server.js')
		],
		env,
		'"event":"listening"'
	);
	return { origin, dbPath, ...proc };
}

/** PostgreSQL for the setups that need it, started once; each app run gets a fresh database. */
let postgres;
let databases = 0;
async function freshDatabase() {
	postgres ??= startPostgres();
	const server = await postgres;
	const admin = new URL(server.url);
	admin.pathname = '/postgres';
	const name = `bench_${process.pid}_${++databases}`;
	const client = new pg.Client({ connectionString: admin.href });
	await client.connect();
	await client.query(`create database ${name}`).finally(() => client.end());
	const url = new URL(server.url);
	url.pathname = `/${name}`;
	return { url: url.href, postgresPid: server.pid };
}

/**
 * A running setup, as the measures see it: `origin` is where people visit (nginx for several
 * processes); `direct` is each process's own origin (sockets are connected straight to one,
 * with `origin` as their Origin header); `pids` are the app processes; `services` the other
 * servers' process ids (their CPU is counted too); `query` reads and writes its database
 * (null on SQLite, which is read from the file).
 */
async function startSetup(name, dir) {
	const dbPath = join(dir, 'bench.db');
	if (name === 'sqlite') {
		const app = await startApp(dbPath);
		return {
			...app,
			name,
			direct: [app.origin],
			pids: [app.child.pid],
			services: {},
			query: null,
			xff: false
		};
	}
	const { url, postgresPid } = await freshDatabase();
	const pool = new pg.Pool({ connectionString: url, max: 2 });
	// An idle connection PostgreSQL closes is reported here rather than ending the run; the next
	// query opens another.
	pool.on('error', () => {});
	const query = async (sql, params = []) => (await pool.query(sql, params)).rows;
	const dbStats = async () => {
		const [row] = await query(
			`select xact_commit as commits, xact_rollback as rollbacks, sessions
			 from pg_stat_database where datname = current_database()`
		);
		return {
			commits: Number(row.commits),
			rollbacks: Number(row.rollbacks),
			sessions: Number(row.sessions)
		};
	};
	if (name === 'postgres') {
		const app = await startApp(dbPath, undefined, { DATABASE_URL: url });
		return {
			...app,
			name,
			direct: [app.origin],
			pids: [app.child.pid],
			services: { postgres: () => postgresPid },
			query,
			dbStats,
			xff: false,
			stop: async () => (await app.stop(), await pool.end())
		};
	}
	// Two processes on one database and one Redis, behind nginx, as docs/deploy.md describes.
	const redis = await startRedis();
	const ports = [await freePort(), await freePort()];
	const nginx = await startNginx(ports);
	const secret = randomBytes(32).toString('hex');
	const env = (port) => ({
		DATABASE_URL: url,
		REDIS_URL: redis.url,
		PORT: String(port),
		ORIGIN: nginx.origin,
		ADDRESS_HEADER: 'X-Forwarded-For',
		XFF_DEPTH: '1',
		APP_SECRET: secret
	});
	// Both at once, on an empty database: the migrations run once, under an advisory lock.
	const apps = await Promise.all(ports.map((port) => startApp(dbPath, undefined, env(port))));
	return {
		name,
		origin: nginx.origin,
		dbPath,
		child: apps[0].child,
		direct: apps.map((a) => a.origin),
		pids: apps.map((a) => a.child.pid),
		services: { postgres: () => postgresPid, redis: () => redis.pid(), nginx: () => nginx.pid },
		query,
		dbStats,
		xff: true,
		stop: async () => {
			await Promise.all(apps.map((a) => a.stop()));
			await Promise.all([nginx.stop(), redis.stop(), pool.end()]);
		}
	};
}

/** CPU seconds and resident memory of a process, from /proc (Linux). */
function usage(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		const ticks = Number(stat[11]) + Number(stat[12]);
		const rss = Number(
			/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0
		);
		return { cpu: ticks / 100, rssMb: rss / 1024 };
	} catch {
		return { cpu: NaN, rssMb: NaN };
	}
}

/**
 * What a setup's processes used so far: CPU seconds and memory of its app processes (summed),
 * and CPU seconds of each other server it runs on (PostgreSQL with its backends, Redis, nginx).
 */
function setupUsage(procs) {
	const apps = procs.pids.map(usage);
	return {
		cpu: apps.reduce((sum, u) => sum + u.cpu, 0),
		rssMb: apps.reduce((sum, u) => sum + u.rssMb, 0),
		services: Object.fromEntries(
			Object.entries(procs.services).map(([name, pid]) => [name, treeCpuSeconds(pid())])
		)
	};
}

/** CPU seconds per 1,000 messages, for the app processes and each other server. */
function perThousand(messages, appCpu, services) {
	const per = (cpu) => (messages > 0 ? round((cpu / messages) * 1000, 3) : null);
	return {
		app: per(appCpu),
		...Object.fromEntries(Object.entries(services).map(([name, cpu]) => [name, per(cpu)]))
	};
}

class Visitor {
	constructor(origin) {
		this.origin = origin;
		this.cookies = new Map();
	}
	get cookie() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}
	remember(res) {
		for (const line of res.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const i = pair.indexOf('=');
			this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
		}
	}
	async get(path) {
		const res = await fetch(this.origin + path, {
			headers: { cookie: this.cookie, accept: 'text/html' },
			redirect: 'manual'
		});
		this.remember(res);
		return res;
	}
	async post(path, fields) {
		const res = await fetch(this.origin + path, {
			method: 'POST',
			headers: {
				cookie: this.cookie,
				origin: this.origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(fields).toString(),
			redirect: 'manual'
		});
		this.remember(res);
		await res.arrayBuffer();
		return res;
	}
}

let counter = 0;
const id = () =>
	`b${process.pid}${Date.now().toString(36)}${(counter++).toString(36)}`.slice(0, 40);

/**
 * The link in the mail that confirms a new account's address. The server writes each message to
 * `outbox/<its outbox id>.eml` beside its database; the id is found by the address.
 */
async function confirmLink(app, email) {
	const { dbPath } = app;
	let row;
	if (app.query) {
		[row] = await app.query(
			"select id from mail_outbox where to_address = $1 and kind = 'verify_email'",
			[email]
		);
	} else {
		const db = new Database(dbPath, { readonly: true });
		try {
			row = db
				.prepare("select id from mail_outbox where to_address = ? and kind = 'verify_email'")
				.get(email);
		} finally {
			db.close();
		}
	}
	if (!row) throw new Error('no mail to confirm the address');
	const file = join(dirname(dbPath), 'outbox', `${row.id}.eml`);
	for (let waited = 0; waited < 10_000; waited += 20) {
		if (existsSync(file)) {
			// Quoted-printable may break long lines: join them before looking.
			const text = readFileSync(file, 'utf8').replace(/=\r?\n/g, '');
			const link = /\/verify\/[a-z0-9]{24}\.[a-z2-7]{52}/.exec(text);
			if (link) return link[0];
			throw new Error('no link in the mail to confirm the address');
		}
		await sleep(20);
	}
	throw new Error('the mail to confirm the address was not written');
}

/** A person as a new one comes in: signs up, opens the mailed link, logs in. */
async function person(app, name) {
	const v = new Visitor(app.origin);
	const email = `${id()}@example.com`;
	const res = await v.post('/signup', {
		email,
		displayName: name,
		password: PASSWORD,
		kind: 'partner'
	});
	if (res.status !== 200) throw new Error(`sign-up answered ${res.status}`);
	const confirmed = await v.get(await confirmLink(app, email));
	if (confirmed.status !== 200) throw new Error(`confirming answered ${confirmed.status}`);
	const login = await v.post('/login', { email, password: PASSWORD });
	if (login.status !== 303) throw new Error(`log-in answered ${login.status}`);
	return v;
}

async function makeCouple(app) {
	const [a, b] = await Promise.all([person(app, 'Ada'), person(app, 'Noor')]);
	const created = await a.post('/home?/createSpace', {
		name: 'Bench',
		perspective: 'mutual',
		safety: 'yes'
	});
	const spaceId = /\/spaces\/([^/]+)/.exec(created.headers.get('location'))[1];
	const page = await (await a.get(`/spaces/${spaceId}`)).text();
	const token = /\/join\/([a-z0-9]{24})"/.exec(page)[1];
	const joined = await b.post(`/join/${token}?/join`, { perspective: 'mutual', safety: 'yes' });
	if (joined.status !== 303) throw new Error(`joining answered ${joined.status}`);
	const started = await a.post(`/spaces/${spaceId}/conversations/new`, {
		clientId: id(),
		topic: 'Bench',
		format: 'free',
		when: 'now'
	});
	const conversationId = /conversations\/([a-z0-9]+)$/.exec(started.headers.get('location'))[1];
	return { a, b, spaceId, conversationId };
}

async function inBatches(count, size, make) {
	const out = [];
	for (let i = 0; i < count; i += size)
		out.push(...(await Promise.all(Array.from({ length: Math.min(size, count - i) }, make))));
	return out;
}

/**
 * A socket to `origin`. Behind nginx, a process is reached straight at its own port: the Origin
 * header is then nginx's (`as`), and X-Forwarded-For names the client as nginx would.
 */
function connect(origin, cookie, as = origin, xff = false) {
	const socket = io(origin, {
		transports: ['websocket'],
		extraHeaders: { cookie, origin: as, ...(xff ? { 'x-forwarded-for': '127.0.0.1' } : {}) },
		reconnection: false,
		forceNew: true
	});
	return new Promise((ok, fail) => {
		socket.once('connect', () => ok(socket));
		socket.once('connect_error', fail);
	});
}

/**
 * One run of the realtime measurement: every socket of `pairs` sends with `send(socket)` (a
 * promise for the acknowledgement), one message at a time, until the time is up; at 1/s each
 * when `steady`, else as fast as acknowledgements come back.
 */
async function drive(pairs, send, seconds, steady) {
	const deadline = performance.now() + seconds * 1000;
	let acked = 0;
	let limited = 0;
	await Promise.all(
		pairs.flatMap((pair) =>
			[pair.a, pair.b].map(async (socket) => {
				// Spread the steady senders over the first second so they do not all fire at once.
				if (steady) await sleep(Math.random() * 1000);
				while (performance.now() < deadline) {
					const started = performance.now();
					const ok = await send(socket);
					if (ok === 'limited') {
						limited++;
						await sleep(50);
					} else if (ok) acked++;
					if (steady) await sleep(Math.max(0, 1000 - (performance.now() - started)));
				}
			})
		)
	);
	return { acked, limited };
}

/** CPU seconds of a process and of this load generator, to be compared over a stretch of time. */
function cpuNow(procs) {
	const generator = process.cpuUsage();
	const used = setupUsage(procs);
	return {
		server: used.cpu,
		services: used.services,
		generator: (generator.user + generator.system) / 1e6
	};
}

function stats(latencies, delivered, seconds) {
	const sorted = [...latencies].sort((x, y) => x - y);
	return {
		deliveredPerSecond: round(delivered / seconds),
		p50: round(pct(sorted, 50), 2),
		p95: round(pct(sorted, 95), 2),
		p99: round(pct(sorted, 99), 2)
	};
}

/**
 * One side of the realtime comparison: connected pairs, how a message is sent (a promise for
 * its acknowledgement: true, false or 'limited'), and what reached the partners since the last
 * `take()`. `text` is what every message carries: when it was sent and by which socket.
 */
function side(procs, pairs, send) {
	let latencies = [];
	let delivered = 0;
	let duplicates = 0;
	const seen = new Set();
	// Only what arrives in this window counts (the steady run counts everything).
	let from = 0;
	let to = Infinity;
	const arrived = (me, key, text) => {
		const now = performance.now();
		const [sentAt, sender] = String(text).split('|');
		if (sender === me.id || now < from || now > to) return; // one's own echo, or outside the window
		if (seen.has(key)) duplicates++;
		seen.add(key);
		delivered++;
		latencies.push(now - Number(sentAt));
	};
	const count = (start, end) => ((from = start), (to = end));
	const take = () => {
		const out = { latencies, delivered, duplicates };
		latencies = [];
		delivered = 0;
		duplicates = 0;
		return out;
	};
	const close = () => pairs.forEach((p) => (p.a.close(), p.b.close()));
	return { procs, pairs, send, arrived, count, take, close };
}

const text = (socket) => `${performance.now()}|${socket.id}`;

async function appSide(app, couples) {
	const pairs = [];
	// With several processes, each couple's partners are on different ones.
	const [first, second = first] = app.direct;
	for (const c of couples) {
		const [a, b] = await Promise.all([
			connect(first, c.a.cookie, app.origin, app.xff),
			connect(second, c.b.cookie, app.origin, app.xff)
		]);
		await Promise.all(
			[a, b].map((s) =>
				s.emitWithAck('conversation:join', { conversationId: c.conversationId, after: 0 })
			)
		);
		pairs.push({ a, b, room: c.conversationId });
	}
	const roomOf = new Map(
		pairs.flatMap((p) => [
			[p.a, p.room],
			[p.b, p.room]
		])
	);
	// Every message has its own id: one used before would be answered as a repeat, not passed on.
	const numbers = new Map();
	const send = async (socket) => {
		const conversationId = roomOf.get(socket);
		const n = (numbers.get(socket) ?? 0) + 1;
		numbers.set(socket, n);
		const clientId = `m-${socket.id.toLowerCase().replace(/[^a-z0-9]/g, '')}-${n}`.slice(0, 64);
		const res = await socket
			.timeout(10_000)
			.emitWithAck('conversation:act', {
				conversationId,
				clientId,
				command: { type: 'message', text: text(socket) }
			})
			.catch(() => null);
		if (!res) return false;
		if (!res.ok && res.error.code === 'rate_limited') return 'limited';
		return res.ok;
	};
	const s = side({ pids: app.pids, services: app.services, dbStats: app.dbStats }, pairs, send);
	for (const pair of pairs)
		for (const me of [pair.a, pair.b])
			me.on('conversation:event', ({ event }) => {
				if (event.kind === 'message')
					s.arrived(me, `${pair.room}:${event.seq}:${me.id}`, event.data.text);
			});
	return s;
}

async function bareSide(relay, count) {
	const pairs = [];
	for (let i = 0; i < count; i++) {
		const [a, b] = await Promise.all([connect(relay.origin, ''), connect(relay.origin, '')]);
		await Promise.all([a, b].map((s) => s.emitWithAck('join', `room-${i}`)));
		pairs.push({ a, b, room: `room-${i}` });
	}
	const roomOf = new Map(
		pairs.flatMap((p) => [
			[p.a, p.room],
			[p.b, p.room]
		])
	);
	const send = async (socket) => {
		const res = await socket
			.timeout(10_000)
			.emitWithAck('msg', { room: roomOf.get(socket), text: text(socket) })
			.catch(() => null);
		return Boolean(res?.ok);
	};
	const s = side({ pids: [relay.child.pid], services: {} }, pairs, send);
	for (const pair of pairs)
		for (const me of [pair.a, pair.b])
			me.on('msg', ({ room, seq, text }) => s.arrived(me, `${room}:${seq}:${me.id}`, text));
	return s;
}

/** Messages at 1/s per person: latency, and whether every acknowledged message arrived once. */
async function steadyRun(s, seconds) {
	s.take();
	const before = setupUsage(s.procs);
	const statsBefore = await s.procs.dbStats?.();
	const run = await drive(s.pairs, s.send, seconds, true);
	await sleep(500);
	const after = setupUsage(s.procs);
	// PostgreSQL's counters are flushed about once a second: give them the time.
	const statsAfter = statsBefore && (await sleep(1000), await s.procs.dbStats?.());
	const got = s.take();
	const perMessage = (key) =>
		statsBefore && statsAfter && run.acked
			? round((statsAfter[key] - statsBefore[key]) / run.acked, 2)
			: null;
	const services = Object.fromEntries(
		Object.keys(after.services).map((k) => [k, after.services[k] - before.services[k]])
	);
	return {
		...stats(got.latencies, got.delivered, seconds),
		sent: run.acked,
		lost: run.acked - got.delivered,
		duplicates: got.duplicates,
		serverCpuSeconds: round(after.cpu - before.cpu, 2),
		serverRssMb: round(after.rssMb),
		servicesCpuSeconds: Object.fromEntries(
			Object.entries(services).map(([k, v]) => [k, round(v, 2)])
		),
		cpuSecondsPer1000: perThousand(run.acked, after.cpu - before.cpu, services),
		// On PostgreSQL: what each message cost its database (commits, rollbacks, new connections).
		...(statsBefore
			? {
					postgresPerMessage: {
						commits: perMessage('commits'),
						rollbacks: perMessage('rollbacks'),
						sessions: perMessage('sessions')
					}
				}
			: {})
	};
}

/**
 * Both sides as fast as acknowledgements allow, taking turns in rounds so that the machine's
 * drifting speed falls on both alike; each side's figures are over all its rounds. A round's
 * first quarter second fills the pipeline and is not counted. Also how busy each server and the
 * load generator were (% of one core), which tells which side set the pace.
 */
async function saturatedRuns(sides, seconds, rounds = 3) {
	const warmUp = 0.25;
	const counted = seconds - rounds * warmUp;
	const totals = sides.map(() => ({
		latencies: [],
		delivered: 0,
		acked: 0,
		services: {},
		limited: 0,
		server: 0,
		generator: 0,
		wall: 0
	}));
	for (let r = 0; r < rounds; r++)
		for (const [i, s] of sides.entries()) {
			s.take();
			const before = cpuNow(s.procs);
			const start = performance.now();
			s.count(start + warmUp * 1000, start + (seconds / rounds) * 1000);
			const run = await drive(s.pairs, s.send, seconds / rounds, false);
			const after = cpuNow(s.procs);
			const wall = (performance.now() - start) / 1000;
			await sleep(300); // the last copies in flight, before the other side's turn
			s.count(0, Infinity);
			const got = s.take();
			const t = totals[i];
			t.latencies.push(...got.latencies);
			t.delivered += got.delivered;
			t.acked += run.acked;
			for (const k of Object.keys(after.services))
				t.services[k] = (t.services[k] ?? 0) + after.services[k] - before.services[k];
			t.limited += run.limited;
			t.server += after.server - before.server;
			t.generator += after.generator - before.generator;
			t.wall += wall;
		}
	return sides.map((s, i) => {
		const t = totals[i];
		return {
			...stats(t.latencies, t.delivered, counted),
			refusedSlowDown: t.limited,
			serverCpuSeconds: round(t.server, 2),
			serverRssMb: round(setupUsage(s.procs).rssMb),
			sent: t.acked,
			servicesCpuSeconds: Object.fromEntries(
				Object.entries(t.services).map(([k, v]) => [k, round(v, 2)])
			),
			cpuSecondsPer1000: perThousand(t.acked, t.server, t.services),
			serverCpuPercent: round((t.server / t.wall) * 100, 0),
			generatorCpuPercent: round((t.generator / t.wall) * 100, 0)
		};
	});
}

/**
 * Each setup's app and the bare relay with the same number of couples, side by side: `apps` and
 * `couplesOf` (that setup's couples) are parallel. The saturated runs of all take turns.
 */
async function realtime(
	apps,
	couplesOf,
	{ steadySeconds = STEADY_SECONDS, saturatedSeconds = SATURATION_SECONDS } = {}
) {
	const port = await freePort();
	const relay = await startProcess(
		[join(root, 'scripts', 'bench-relay.js')],
		{ PORT: String(port) },
		'relay listening'
	);
	relay.origin = `http://127.0.0.1:${port}`;
	const mine = [];
	let bare;
	try {
		for (const [i, app] of apps.entries()) mine.push(await appSide(app, couplesOf[i]));
		bare = await bareSide(relay, couplesOf[0].length);
		const steady = [];
		for (const s of [...mine, bare]) steady.push(await steadyRun(s, steadySeconds));
		const saturated = await saturatedRuns([...mine, bare], saturatedSeconds);
		return {
			apps: mine.map((_, i) => ({ steady: steady[i], saturated: saturated[i] })),
			bare: { steady: steady[mine.length], saturated: saturated[mine.length] }
		};
	} finally {
		mine.forEach((s) => s.close());
		bare?.close();
		await relay.stop();
	}
}

/** GETs of a path for some seconds with a fixed number in flight: each request's time, and errors. */
async function hammer(visitor, path, seconds, concurrency = 16) {
	const deadline = performance.now() + seconds * 1000;
	const times = [];
	let errors = 0;
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < deadline) {
				const started = performance.now();
				const res = await fetch(visitor.origin + path, { headers: { cookie: visitor.cookie } });
				await res.arrayBuffer();
				if (res.status !== 200) errors++;
				times.push(performance.now() - started);
			}
		})
	);
	return { times, errors };
}

/**
 * The strength estimate beside a new-password field, asked for as someone types: an ordinary
 * passphrase, and a long crafted one (which the library's defaults took seconds over). Kept
 * within the endpoint's allowance for one address.
 */
async function strength(app) {
	const ask = async (password) => {
		const started = performance.now();
		const res = await fetch(`${app.origin}/password-strength`, {
			method: 'POST',
			headers: { origin: app.origin, 'content-type': 'application/json' },
			body: JSON.stringify({ password })
		});
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`password-strength answered ${res.status}`);
		return performance.now() - started;
	};
	await ask('warming up the dictionaries 1');
	const typical = [];
	for (let i = 0; i < 20; i++) typical.push(await ask(`gentle river lantern ${i}`));
	const crafted = [];
	for (let i = 0; i < 5; i++) crafted.push(await ask(`p@ssw0rd!${i}`.repeat(26).slice(0, 256)));
	const sorted = (xs) => xs.sort((a, b) => a - b);
	return {
		typicalP50: round(pct(sorted(typical), 50)),
		typicalMax: round(Math.max(...typical)),
		craftedMax: round(Math.max(...crafted))
	};
}

/**
 * The pages of each setup in `apps`: a partner with a year of entries on each, then every
 * setup's routes take turns, a second at a time, so that whatever else the machine is doing
 * meanwhile falls on all routes and all setups alike. Each setup's couple and figures.
 */
async function pages(apps) {
	const prepared = [];
	for (const app of apps) prepared.push(await yearOfEntries(app));
	const runs = prepared.map(({ routes }) =>
		Object.fromEntries(Object.keys(routes).map((name) => [name, { times: [], errors: 0, cpu: {} }]))
	);
	const statsBefore = await Promise.all(apps.map((app) => app.dbStats?.()));
	for (let turn = 0; turn < PAGE_SECONDS; turn++)
		for (const [i, { couple, routes }] of prepared.entries())
			for (const [name, path] of Object.entries(routes)) {
				const before = setupUsage(apps[i]);
				const { times, errors } = await hammer(couple.a, path, 1);
				const after = setupUsage(apps[i]);
				const run = runs[i][name];
				run.times.push(...times);
				run.errors += errors;
				// CPU seconds spent on the route: the app's processes', and each other server's.
				const spent = { app: after.cpu - before.cpu };
				for (const [service, cpu] of Object.entries(after.services))
					spent[service] = cpu - before.services[service];
				for (const [who, cpu] of Object.entries(spent)) run.cpu[who] = (run.cpu[who] ?? 0) + cpu;
			}
	const summary = ({ times, errors, cpu }) => {
		times.sort((x, y) => x - y);
		return {
			requestsPerSecond: round(times.length / PAGE_SECONDS),
			p50: round(pct(times, 50), 2),
			p99: round(pct(times, 99), 2),
			errors,
			// CPU milliseconds per request, by process (the app's, PostgreSQL's…).
			cpuMs: Object.fromEntries(
				Object.entries(cpu).map(([who, s]) => [who, round((s / times.length) * 1000, 2)])
			)
		};
	};
	const statsAfter = await Promise.all(apps.map((app) => app.dbStats?.()));
	return prepared.map(({ couple }, i) => {
		const trivial = summary(runs[i].trivial);
		const trivialPage = summary(runs[i].trivialPage);
		const ratio = (run) => ({
			...run,
			ratio: round(run.requestsPerSecond / trivial.requestsPerSecond, 2),
			ratioToPage: round(run.requestsPerSecond / trivialPage.requestsPerSecond, 2)
		});
		const figures = {
			trivial,
			trivialPage: ratio(trivialPage),
			spaceHome: ratio(summary(runs[i].spaceHome)),
			journal: ratio(summary(runs[i].journal)),
			// Connections to PostgreSQL opened while the routes were measured (the bench's own included).
			newConnections: statsAfter[i] ? statsAfter[i].sessions - statsBefore[i].sessions : null
		};
		return { couple, figures };
	});
}

/** A couple whose partner wrote a year of entries, and the routes measured, warmed up. */
async function yearOfEntries(app) {
	const couple = await makeCouple(app);
	const { a, spaceId } = couple;
	// A year of entries: a journal entry a day and an emotion check-in a week.
	await inBatches(365, 20, async () =>
		a.post(`/spaces/${spaceId}/journal/new?/save`, {
			clientId: id(),
			body: `A day's entry. ${'Some words about the day. '.repeat(8)}`
		})
	);
	await inBatches(52, 20, async () =>
		a.post(`/spaces/${spaceId}/journal/new?/save&kind=emotion`, {
			clientId: id(),
			feelings: 'hopeful',
			intensity: '6',
			note: 'A week'
		})
	);
	// Two baselines: a trivial route (an endpoint: no page is rendered) and a trivial page (static
	// text rendered through the same layout, hooks and security headers as every page).
	const routes = {
		trivial: '/healthz',
		trivialPage: '/goodbye',
		spaceHome: `/spaces/${spaceId}`,
		journal: `/spaces/${spaceId}/journal`
	};
	// Each route warmed up first.
	for (const path of Object.values(routes)) await hammer(a, path, 0.5);
	return { couple, routes };
}

/** The first visit's weight of the log-in page and of the space home. */
async function weights(app, couple) {
	return {
		login: await weight(new Visitor(app.origin), '/login'),
		spaceHome: await weight(couple.a, `/spaces/${couple.spaceId}`)
	};
}

/** JavaScript and CSS a first visit loads, gzip-compressed as they travel. */
async function weight(visitor, path) {
	const res = await fetch(visitor.origin + path, { headers: { cookie: visitor.cookie } });
	const html = await res.text();
	// Assets named in the page (its stylesheets and code, hooks.server.ts) and its import() calls.
	const named = [
		...[...html.matchAll(/(?:href|src)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]),
		...[...html.matchAll(/import\("([^"]+\.js)"\)/g)].map((m) => m[1])
	];
	const assets = new Set(named.map((u) => new URL(u, visitor.origin + path).pathname));
	// What those modules import statically is loaded too (lazy imports are not counted).
	const queue = [...assets].filter((a) => a.endsWith('.js'));
	while (queue.length) {
		const asset = queue.shift();
		const code = await (await fetch(visitor.origin + asset)).text();
		for (const m of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
			const next = new URL(m[1], visitor.origin + asset).pathname;
			if (!assets.has(next)) {
				assets.add(next);
				queue.push(next);
			}
		}
	}
	let js = 0;
	let css = 0;
	for (const asset of assets) {
		const body = Buffer.from(await (await fetch(visitor.origin + asset)).arrayBuffer());
		const size = gzipSync(body, { level: 9 }).length;
		if (asset.endsWith('.js')) js += size;
		else css += size;
	}
	return { jsKbGzip: round(js / 1024), cssKbGzip: round(css / 1024), files: assets.size };
}

/** Lighthouse's mobile lab run on the pages a couple opens most. */
async function phones(app, couple) {
	const { a, spaceId, conversationId } = couple;
	return audit([
		{ name: 'landing', url: `${app.origin}/` },
		{ name: 'log-in', url: `${app.origin}/login` },
		{ name: 'space home', url: `${app.origin}/spaces/${spaceId}`, cookie: a.cookie },
		{ name: 'journal', url: `${app.origin}/spaces/${spaceId}/journal`, cookie: a.cookie },
		{
			name: 'live conversation',
			url: `${app.origin}/spaces/${spaceId}/conversations/${conversationId}`,
			cookie: a.cookie
		}
	]);
}

/** 10,000 events in one conversation, written straight into PostgreSQL's database. */
async function seedPostgres(app, couple) {
	const { conversationId, spaceId } = couple;
	const [{ id: actor }] = await app.query(
		"select user_id as id from memberships where space_id = $1 and role = 'partner' limit 1",
		[spaceId]
	);
	const [{ seq }] = await app.query(
		'select coalesce(max(seq), 0) as seq from conversation_events where conversation_id = $1',
		[conversationId]
	);
	await app.query(
		`insert into conversation_events (conversation_id, seq, kind, actor_id, data, client_id, at)
		 select $1, $2::int + i, 'message', $3, json_build_object('text', 'Message ' || i || ' ' || repeat('words ', 10)),
		        'seed-' || i, now()
		 from generate_series(1, 10000) as i`,
		[conversationId, seq, actor]
	);
	return Number(seq);
}

async function replay(app, couple) {
	const conversationId = couple.conversationId;
	const last = app.query ? await seedPostgres(app, couple) : seedSqlite(app.dbPath, couple);
	const socket = await connect(app.direct[0], couple.a.cookie, app.origin, app.xff);
	const times = [];
	for (let i = 0; i < 5; i++) {
		const started = performance.now();
		const res = await socket.emitWithAck('conversation:join', { conversationId, after: 0 });
		times.push(performance.now() - started);
		if (!res.ok || res.data.events.length < 10_000) throw new Error('replay came back short');
	}
	socket.close();
	times.sort((x, y) => x - y);
	return { events: 10_000 + last, medianMs: round(times[2], 1) };
}

function seedSqlite(dbPath, couple) {
	// 10,000 events in one conversation, written straight into the file (this is what is measured: reading them back).
	const db = new Database(dbPath);
	const conversationId = couple.conversationId;
	const actor = db
		.prepare(
			"select user_id as id from memberships where space_id = ? and role = 'partner' limit 1"
		)
		.get(couple.spaceId).id;
	const last =
		db
			.prepare('select max(seq) as seq from conversation_events where conversation_id = ?')
			.get(conversationId).seq ?? 0;
	const insert = db.prepare(
		'insert into conversation_events (conversation_id, seq, kind, actor_id, data, client_id, at) values (?, ?, ?, ?, ?, ?, ?)'
	);
	db.transaction(() => {
		for (let i = 1; i <= 10_000; i++)
			insert.run(
				conversationId,
				last + i,
				'message',
				actor,
				JSON.stringify({ text: `Message ${i} ${'words '.repeat(10)}` }),
				`seed-${i}`,
				Date.now()
			);
	})();
	db.close();
	return last;
}

function queryPlans(profileFile, dbPath) {
	const profile = JSON.parse(readFileSync(profileFile, 'utf8'));
	const db = new Database(dbPath, { readonly: true });
	const rows = profile
		.filter((q) => /^\s*select/i.test(q.sql))
		.map((q) => {
			let plan;
			try {
				const stmt = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`);
				plan = stmt
					.all(...Array.from({ length: (q.sql.match(/\?/g) ?? []).length }, () => null))
					.map((r) => r.detail);
			} catch (error) {
				plan = [`(could not explain: ${error.message})`];
			}
			// A full scan of a table, not a search through an index or a scan of a small per-key range.
			const scans = plan.filter(
				(d) => /^SCAN (?!.*USING (COVERING )?INDEX)/.test(d) && !/SCAN CONSTANT ROW/.test(d)
			);
			return {
				sql: q.sql.replace(/\s+/g, ' ').slice(0, 160),
				count: q.count,
				meanMs: round(q.totalMs / q.count, 3),
				maxMs: round(q.maxMs, 3),
				plan,
				fullScans: scans
			};
		})
		.sort((x, y) => y.maxMs - x.maxMs);
	db.close();
	return rows;
}

function table(title, headers, rows) {
	console.log(`\n${title}`);
	const widths = headers.map((h, i) =>
		Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length))
	);
	const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ');
	console.log(line(headers));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows) console.log(line(r));
}

async function main() {
	// --no-build: use the build already there (made by `npm run build`), e.g. for several quick runs.
	if (!process.argv.includes('--no-build')) await build();
	const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-'));
	const dbPath = join(dir, 'bench.db');
	const profile = join(dir, 'queries.json');
	// Every figure comes from servers that time nothing extra. SQLite's comes first; the others
	// (if asked for) each get a folder of their own for the mail their processes write.
	const apps = [];
	let couple;
	try {
		for (const setup of SETUPS) {
			console.log(`Starting ${setup.label}…`);
			const folder = setup.name === 'sqlite' ? dir : mkdtempSync(join(dir, `${setup.name}-`));
			apps.push(await startSetup(setup.name, folder));
		}
		const [app] = apps;
		if (lighthouseOnly) {
			couple = await makeCouple(app);
			results.lighthouse = await phones(app, couple);
			results.weight = await weights(app, couple);
		}
		for (const n of pagesOnly || lighthouseOnly || heartbeatOnly ? [] : SIZES) {
			console.log(`Realtime with ${n} couples: signing up and connecting…`);
			const couplesOf = [];
			for (const a of apps) couplesOf.push(await inBatches(n, 25, () => makeCouple(a)));
			const measured = await realtime(apps, couplesOf);
			const { bare } = measured;
			const versusBare = (mine) => ({
				saturatedThroughput: round(
					mine.saturated.deliveredPerSecond / bare.saturated.deliveredPerSecond,
					2
				),
				saturatedP99: round(mine.saturated.p99 / bare.saturated.p99, 2),
				steadyP99: round(mine.steady.p99 / bare.steady.p99, 2)
			});
			const [mine] = measured.apps;
			results.realtime.push({
				couples: n,
				app: mine,
				bare,
				ratio: versusBare(mine),
				// Every setup's figures, SQLite's (the same as `app`) included.
				setups: Object.fromEntries(
					measured.apps.map((m, i) => [SETUPS[i].name, { ...m, ratio: versusBare(m) }])
				)
			});
		}
		if (!realtimeOnly && !pagesOnly && !lighthouseOnly) {
			// The heartbeat is socket.io's, on a bare server: the same on every setup.
			console.log('Heartbeat: idle sockets with the default and the app’s ping settings…');
			results.heartbeat = await heartbeatCost(
				app.origin,
				{ sockets: quick ? 200 : 1000, seconds: quick ? 25 : 50 },
				{ root, freePort, startProcess, usage, sleep }
			);
		}
		if (!realtimeOnly && !heartbeatOnly && !lighthouseOnly) {
			console.log('Pages with a year of entries…');
			const done = await pages(apps);
			for (const [i, { figures }] of done.entries()) results.pagesBySetup[SETUPS[i].name] = figures;
			couple = done[0].couple;
			results.pages = done[0].figures;
			for (const [i, a] of apps.entries())
				if (i > 0 && !pagesOnly) {
					console.log(`Conversation replay with 10,000 events (${SETUPS[i].label})…`);
					results.replayBySetup ??= {};
					results.replayBySetup[SETUPS[i].name] = await replay(a, done[i].couple);
				}
		}
		if (!realtimeOnly && !pagesOnly && !heartbeatOnly && !lighthouseOnly) {
			// Engine-independent (the client's weight, Lighthouse, the estimate): SQLite's process only.
			console.log('Password strength estimates…');
			results.strength = await strength(app);
			results.weight = await weights(app, couple);
			console.log('Lighthouse on a phone…');
			results.lighthouse = await phones(app, couple);
			console.log('Conversation replay with 10,000 events…');
			results.database = { replay: await replay(app, couple) };
			results.replayBySetup = { sqlite: results.database.replay, ...results.replayBySetup };
		}
	} finally {
		for (const a of apps) await a.stop();
		if (postgres) await (await postgres).stop();
	}
	if (realtimeOnly || pagesOnly || lighthouseOnly || heartbeatOnly) {
		rmSync(dir, { recursive: true, force: true });
		return report(); // nothing is written for a partial run
	}
	// Query plans (SQLite only: they are SQLite's EXPLAIN QUERY PLAN of the statements profiled):
	// a second server on the same file times every statement (which costs a
	// little, so none of the figures above come from it) while it serves each hot path again.
	console.log('Profiling the queries of the hot paths…');
	const started = await startApp(dbPath, profile);
	const profiled = {
		...started,
		direct: [started.origin],
		pids: [started.child.pid],
		services: {},
		query: null,
		xff: false
	};
	try {
		const { a, spaceId, conversationId } = couple;
		a.origin = profiled.origin; // the same person, now visiting the second server
		for (let i = 0; i < 60; i++)
			await Promise.all(
				[
					a.get(`/spaces/${spaceId}`),
					a.get(`/spaces/${spaceId}/journal`),
					a.get(`/spaces/${spaceId}/conversations/${conversationId}`)
				].map(async (r) => (await r).arrayBuffer())
			);
		// Conversation messages on the app alone (no relay to compare with here).
		const talking = await appSide(profiled, await inBatches(5, 5, () => makeCouple(profiled)));
		try {
			await steadyRun(talking, 2);
			await saturatedRuns([talking], 1, 1);
		} finally {
			talking.close();
		}
		const socket = await connect(profiled.origin, a.cookie);
		for (let i = 0; i < 3; i++)
			await socket.emitWithAck('conversation:join', { conversationId, after: 0 });
		socket.close();
	} finally {
		await profiled.stop();
	}
	const plans = queryPlans(profile, dbPath);
	results.database.slowest = plans.slice(0, 8);
	results.database.fullScansOnHotPaths = plans
		.filter((p) => p.fullScans.length && p.count >= 3)
		.map((p) => ({ sql: p.sql, count: p.count, fullScans: p.fullScans }));
	rmSync(dir, { recursive: true, force: true });
	report();
}

function weightTable() {
	table(
		'Client weight (first visit, gzip)',
		['page', 'JS kB', 'CSS kB', 'files'],
		[
			[
				'log-in',
				results.weight.login.jsKbGzip,
				results.weight.login.cssKbGzip,
				results.weight.login.files
			],
			[
				'space home',
				results.weight.spaceHome.jsKbGzip,
				results.weight.spaceHome.cssKbGzip,
				results.weight.spaceHome.files
			]
		]
	);
}

function lighthouseTable() {
	table(
		`Lighthouse, mobile lab settings, median of ${LIGHTHOUSE_RUNS} runs (goals: performance 95+, accessibility 100)`,
		[
			'page',
			'performance',
			'runs',
			'accessibility',
			'FCP ms',
			'LCP ms',
			'TBT ms',
			'CLS',
			'JS kB sent'
		],
		results.lighthouse.map((r) => [
			r.page,
			r.performance,
			`${r.lowest}–${r.highest}`,
			r.accessibility,
			r.fcpMs,
			r.lcpMs,
			r.tbtMs,
			r.cls,
			r.scriptKbTransferred
		])
	);
	for (const r of results.lighthouse) {
		if (r.failedAccessibility.length)
			console.log(
				`  ${r.page}: accessibility audits not passed: ${r.failedAccessibility.join(', ')}`
			);
		if (r.readAgain) console.log(`  ${r.page}: read its data a second time while loading`);
	}
}

/** A figure, or '–' where a setup has none (a server it does not run). */
const cell = (v) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v);

/** Each setup's realtime figures in a column of its own, the bare relay's in the last. */
function setupsRealtimeTable() {
	const services = ['postgres', 'redis'];
	for (const r of results.realtime) {
		const columns = [...SETUPS.map((s) => r.setups[s.name]), r.bare];
		const row = (label, get) => [label, ...columns.map((c) => cell(get(c)))];
		const appRow = (label, get) => [label, ...columns.slice(0, -1).map((c) => cell(get(c))), ''];
		table(
			`Realtime by setup, ${r.couples} couples (sender → partner${
				SETUPS.some((s) => s.name === 'nodes2')
					? '; with 2 processes, partners on different ones'
					: ''
			})`,
			['measure', ...SETUPS.map((s) => s.label), 'bare relay'],
			[
				row('1/s each: msg/s', (c) => c.steady.deliveredPerSecond),
				row('1/s each: p50 ms', (c) => c.steady.p50),
				row('1/s each: p99 ms', (c) => c.steady.p99),
				row('1/s each: sent', (c) => c.steady.sent),
				row('1/s each: lost', (c) => c.steady.lost),
				row('1/s each: duplicated', (c) => c.steady.duplicates),
				row('saturated: msg/s', (c) => c.saturated.deliveredPerSecond),
				row('saturated: p50 ms', (c) => c.saturated.p50),
				row('saturated: p99 ms', (c) => c.saturated.p99),
				appRow('saturated: × bare msg/s', (c) => c.ratio.saturatedThroughput),
				row('CPU s / 1,000 msgs, 1/s: app', (c) => c.steady.cpuSecondsPer1000.app),
				...services.map((k) =>
					appRow(`CPU s / 1,000 msgs, 1/s: ${k}`, (c) => c.steady.cpuSecondsPer1000[k])
				),
				row('CPU s / 1,000 msgs, saturated: app', (c) => c.saturated.cpuSecondsPer1000.app),
				...services.map((k) =>
					appRow(`CPU s / 1,000 msgs, saturated: ${k}`, (c) => c.saturated.cpuSecondsPer1000[k])
				),
				row('app processes: rss MB', (c) => c.saturated.serverRssMb),
				appRow('PostgreSQL per msg, 1/s: commits', (c) => c.steady.postgresPerMessage?.commits),
				appRow('PostgreSQL per msg, 1/s: rollbacks', (c) => c.steady.postgresPerMessage?.rollbacks),
				appRow(
					'PostgreSQL per msg, 1/s: new connections',
					(c) => c.steady.postgresPerMessage?.sessions
				)
			]
		);
	}
}

/** CPU per request: the app's, then each other server's ("1.2 + pg 0.4"). */
const cpuCell = (ms) =>
	ms
		? [
				cell(ms.app),
				...Object.entries(ms).flatMap(([who, v]) => (who === 'app' ? [] : [`${who} ${v}`]))
			].join(' + ')
		: cell(undefined);

/** Each setup's page figures side by side: requests per second, p99 and CPU per route. */
function setupsPagesTable() {
	const by = results.pagesBySetup;
	const routes = [
		['/healthz (trivial route)', 'trivial'],
		['/goodbye (trivial page)', 'trivialPage'],
		['space home', 'spaceHome'],
		['journal', 'journal']
	];
	table(
		`Pages by setup (req/s, p99 ms${
			SETUPS.some((s) => s.name === 'nodes2') ? '; 2 processes through nginx' : ''
		})`,
		['route', ...SETUPS.flatMap((s) => [`${s.label} req/s`, 'p99', 'CPU ms/req'])],
		routes.map(([label, key]) => [
			label,
			...SETUPS.flatMap((s) => [
				cell(by[s.name]?.[key].requestsPerSecond),
				cell(by[s.name]?.[key].p99),
				cpuCell(by[s.name]?.[key].cpuMs)
			])
		])
	);
	const errors = SETUPS.flatMap((s) =>
		routes
			.filter(([, key]) => by[s.name]?.[key].errors)
			.map(([label, key]) => `${s.label}, ${label}: ${by[s.name][key].errors} errors`)
	);
	for (const e of errors) console.log(`  ${e}`);
	for (const s of SETUPS)
		if (by[s.name]?.newConnections != null)
			console.log(
				`  ${s.label}: ${by[s.name].newConnections} connections to PostgreSQL opened while measuring`
			);
}

function report() {
	if (results.heartbeat)
		table(
			'Heartbeat: idle sockets on a bare socket.io server, what the app’s ping settings cost',
			[
				'setting',
				'ping every ms',
				'answer within ms',
				'lost network noticed within s',
				'sockets',
				'heartbeat frames/min',
				'server CPU ms/min'
			],
			results.heartbeat.map((h) => [
				h.setting,
				h.pingInterval,
				h.pingTimeout,
				h.noticedWithinSeconds,
				h.sockets,
				h.framesPerMinute,
				h.serverCpuMsPerMinute
			])
		);
	if (heartbeatOnly) process.exit(0);
	if (!pagesOnly && !lighthouseOnly)
		table(
			'Realtime (conversation messages, sender → partner)',
			[
				'couples',
				'mode',
				'app msg/s',
				'app p50',
				'app p95',
				'app p99',
				'lost',
				'dup',
				'bare msg/s',
				'bare p99',
				'ratio',
				'server cpu s',
				'rss MB'
			],
			results.realtime.flatMap((r) => [
				[
					r.couples,
					'1/s each',
					r.app.steady.deliveredPerSecond,
					r.app.steady.p50,
					r.app.steady.p95,
					r.app.steady.p99,
					r.app.steady.lost,
					r.app.steady.duplicates,
					r.bare.steady.deliveredPerSecond,
					r.bare.steady.p99,
					`p99 ×${r.ratio.steadyP99}`,
					r.app.steady.serverCpuSeconds,
					r.app.steady.serverRssMb
				],
				[
					r.couples,
					'saturated',
					r.app.saturated.deliveredPerSecond,
					r.app.saturated.p50,
					r.app.saturated.p95,
					r.app.saturated.p99,
					'',
					'',
					r.bare.saturated.deliveredPerSecond,
					r.bare.saturated.p99,
					`thru ×${r.ratio.saturatedThroughput}, p99 ×${r.ratio.saturatedP99}`,
					r.app.saturated.serverCpuSeconds,
					r.app.saturated.serverRssMb
				]
			])
		);
	if (!pagesOnly && !lighthouseOnly)
		table(
			'Saturated runs: how busy each side was (% of one core)',
			['couples', 'app server', 'generator (app)', 'bare relay', 'generator (bare)'],
			results.realtime.map((r) => [
				r.couples,
				r.app.saturated.serverCpuPercent,
				r.app.saturated.generatorCpuPercent,
				r.bare.saturated.serverCpuPercent,
				r.bare.saturated.generatorCpuPercent
			])
		);
	if (!pagesOnly && !lighthouseOnly) setupsRealtimeTable();
	if (realtimeOnly) process.exit(0);
	if (results.lighthouse) lighthouseTable();
	if (lighthouseOnly) {
		weightTable();
		process.exit(0);
	}
	const p = results.pages;
	table(
		'Pages (logged-in partner, a year of entries; 16 requests in flight)',
		['route', 'req/s', 'p50 ms', 'p99 ms', '× trivial route', '× trivial page'],
		[
			[
				'/healthz (trivial route)',
				p.trivial.requestsPerSecond,
				p.trivial.p50,
				p.trivial.p99,
				'1',
				''
			],
			[
				'/goodbye (trivial page)',
				p.trivialPage.requestsPerSecond,
				p.trivialPage.p50,
				p.trivialPage.p99,
				p.trivialPage.ratio,
				'1'
			],
			[
				'space home',
				p.spaceHome.requestsPerSecond,
				p.spaceHome.p50,
				p.spaceHome.p99,
				p.spaceHome.ratio,
				p.spaceHome.ratioToPage
			],
			[
				'journal',
				p.journal.requestsPerSecond,
				p.journal.p50,
				p.journal.p99,
				p.journal.ratio,
				p.journal.ratioToPage
			]
		]
	);
	setupsPagesTable();
	if (pagesOnly) process.exit(0);
	weightTable();
	table(
		'Password strength estimate (round trip, ms)',
		['typical p50', 'typical max', 'crafted 256 chars, max'],
		[[results.strength.typicalP50, results.strength.typicalMax, results.strength.craftedMax]]
	);
	table(
		'Database',
		['what', 'figure'],
		[
			['replay of a conversation (events)', results.database.replay.events],
			['replay, median ms', results.database.replay.medianMs],
			...SETUPS.slice(1).map((s) => [
				`replay, median ms (${s.label})`,
				results.replayBySetup?.[s.name]?.medianMs
			]),
			['slowest query, max ms', results.database.slowest[0]?.maxMs],
			[
				'hot queries with full table scans (SQLite only)',
				results.database.fullScansOnHotPaths.length
			]
		]
	);
	for (const q of results.database.fullScansOnHotPaths)
		console.log(`  full scan: ${q.sql} (${q.fullScans.join('; ')})`);
	writeFileSync(join(root, 'bench-results.json'), JSON.stringify(results, null, 2));
	console.log('\nWrote bench-results.json');
	process.exit(0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
