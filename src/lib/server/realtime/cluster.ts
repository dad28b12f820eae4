import { createAdapter } from '@socket.io/redis-streams-adapter';
import {
	ClientClosedError,
	ClientOfflineError,
	ConnectionTimeoutError,
	createClient,
	DisconnectsClientError,
	SocketClosedUnexpectedlyError
} from 'redis';
import { log } from '../log';
import { randomString } from '../auth/tokens';
import type { Io } from './io';

/** How long a question to every node (who is in a room) waits for the others' answers. */
export const ASK_NODES_MS = 1_500;

/**
 * With `REDIS_URL`, the live connection spans every app process: what one process sends to a
 * room reaches the room's sockets on all of them, through a Redis stream. A stream, unlike
 * Redis's publish/subscribe, keeps what was sent while a process's link to Redis blipped, so
 * the process reads on from where it was. Without `REDIS_URL`, one process keeps its sockets
 * to itself, as a single machine needs. Returns a function that lets go of Redis.
 */
export function joinNodes(io: Io, url = process.env.REDIS_URL): (() => Promise<void>) | null {
	if (!url) return null;
	const client = createClient({
		url,
		// Reconnect for as long as it takes, a little less eagerly each time, up to 2 s apart.
		socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2_000) }
	});
	let reported = false;
	client.on('error', (error: Error) => {
		// node-redis reports every failed reconnection; once per outage is enough.
		if (!reported) log.warn('redis_unreachable', { error: error.name });
		reported = true;
	});
	client.on('ready', () => {
		if (reported) log.info('redis_reachable', {});
		reported = false;
	});
	survive(lostLink);
	// Commands asked for before the link is up wait in the client's queue.
	void client.connect().catch(() => {});
	// Our payloads are plain JSON, so the adapter need not look for binary data in them.
	io.adapter(createAdapter(noting(client), { blockTimeInMs: 1_000, onlyPlaintext: true }));
	const stopAnswering = answerOthers(io);
	log.info('realtime_nodes', {});
	return async () => {
		stopAnswering();
		await io.of('/').adapter.close();
		await client.close().catch(() => {});
	};
}

/** The commands the adapter sends without waiting for their answer: messages between processes. */
const UNHEARD = new Set<string | symbol>(['publish', 'sPublish']);

/**
 * What a client reported of its link (a connection reset, say): the commands that were waiting
 * for an answer on it fail with that same error.
 */
const linkErrors = new WeakSet<object>();

interface Client {
	on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * The client as the adapter is given it. A message between processes that fails on its way (the
 * link was reset as it went) is noted as lost, rather than left a failure nobody hears, which
 * would stop the process; and the clients the adapter makes of it (to read the stream, to listen)
 * report their links' errors as this one does, so that commands failing with them are known for
 * what they are (see `survive`). Everything else is the client's own.
 */
function noting<C extends Client>(client: C): C {
	client.on('error', (error) => linkErrors.add(error));
	const bound = new Map<string | symbol, unknown>();
	const wrap = (key: string | symbol, own: (...args: unknown[]) => unknown) => {
		if (key === 'duplicate') return (...args: unknown[]) => noting(own(...args) as Client);
		if (!UNHEARD.has(key)) return own;
		return (...args: unknown[]) => {
			const sent = own(...args) as Promise<unknown>;
			sent.catch((error: unknown) =>
				log.warn('redis_command_lost', { error: (error as Error)?.name ?? 'unknown' })
			);
			return sent;
		};
	};
	return new Proxy(client, {
		get(target, key) {
			const value: unknown = Reflect.get(target, key, target);
			if (typeof value !== 'function') return value;
			let fn = bound.get(key);
			if (!fn) {
				fn = wrap(key, (value as (...args: unknown[]) => unknown).bind(target));
				bound.set(key, fn);
			}
			return fn;
		}
	});
}

/** The errors of a Redis link that went away for a moment. */
const lostLink = (error: unknown): boolean =>
	(typeof error === 'object' && error !== null && linkErrors.has(error)) ||
	error instanceof SocketClosedUnexpectedlyError ||
	error instanceof ConnectionTimeoutError ||
	error instanceof ClientClosedError ||
	error instanceof ClientOfflineError ||
	error instanceof DisconnectsClientError;

let surviving = false;

/**
 * A command the adapter had in flight when Redis went away fails, and not every such failure
 * is awaited by the adapter; unheard, it would stop the process. Those failures are noted and
 * the process goes on (the link comes back by itself, and devices catch up from the database);
 * any other unheard failure still stops it, as Node does by default.
 */
function survive(isRedis: (error: unknown) => boolean): void {
	if (surviving) return;
	surviving = true;
	process.on('unhandledRejection', (reason) => {
		if (!isRedis(reason)) throw reason;
		log.warn('redis_command_lost', { error: (reason as Error).name });
	});
}

/** A question asked of the other processes: the answers so far, who gave them, how many are asked. */
interface Asking {
	people: string[];
	from: Set<string>;
	of: number;
	done: (people: string[]) => void;
}
/** The questions each server (one per process; tests run several) is waiting on, by id. */
const asking = new WeakMap<Io, Map<string, Asking>>();

/** Whether this server's rooms span several processes (with `REDIS_URL`). */
export const clustered = (io: Io): boolean => asking.has(io);

/** The person of each socket in `room` on this process (one entry per socket). */
function peopleHere(io: Io, room: string): string[] {
	const sockets = io.of('/').sockets;
	const ids = io.of('/').adapter.rooms.get(room) ?? new Set<string>();
	return [...ids].flatMap((id) => {
		const user = sockets.get(id)?.data.user;
		return user ? [user.id] : [];
	});
}

/** Every process answers the others' questions about its own sockets (with `REDIS_URL`). */
function answerOthers(io: Io): () => void {
	const mine = new Map<string, Asking>();
	asking.set(io, mine);
	// Each answer says which process gave it: one answering twice counts once.
	const me = randomString();
	io.on('rooms:ask', (room, questionId) =>
		io.serverSideEmit('rooms:answer', questionId, me, peopleHere(io, room))
	);
	io.on('rooms:answer', (questionId, from, people) => {
		const question = mine.get(questionId);
		if (!question || question.from.has(from)) return;
		question.from.add(from);
		question.people.push(...people);
		if (question.from.size >= question.of) question.done(question.people);
	});
	// Leaving: what is being asked is answered with what came, at once.
	return () => {
		asking.delete(io);
		for (const question of [...mine.values()]) question.done(question.people);
	};
}

/**
 * The person of each socket in `room` (one entry per socket, so a person with two devices
 * twice), on this process and every other. One that does not answer within ASK_NODES_MS (it has
 * just stopped, say) is left out rather than holding everyone up; what the others answered
 * still counts, and the next change asks again.
 */
export async function peopleIn(io: Io, room: string): Promise<string[]> {
	const here = peopleHere(io, room);
	const mine = asking.get(io);
	if (!mine) return here;
	const others = (await io.of('/').adapter.serverCount()) - 1;
	if (others <= 0) return here;
	const questionId = randomString();
	const answered = await new Promise<string[]>((done) => {
		const timer = setTimeout(() => finish(mine.get(questionId)?.people ?? []), ASK_NODES_MS);
		const finish = (people: string[]) => {
			clearTimeout(timer);
			mine.delete(questionId);
			done(people);
		};
		mine.set(questionId, { people: [], from: new Set(), of: others, done: finish });
		io.serverSideEmit('rooms:ask', room, questionId);
	});
	return [...here, ...answered];
}
