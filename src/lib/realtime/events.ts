import { z } from 'zod';
import type { ClientError } from '../errors';
import { commandSchema } from '../domain/conversation-input';
import { clientId } from '../domain/client-id';

/**
 * The one contract of socket events. Every client → server event names the schema its
 * payload must pass and the shape of the data its acknowledgement carries.
 */
export const sessionEndReasons = [
	'logged_out',
	'ended_elsewhere',
	'password_changed',
	'expired',
	/** This device locked (idle, or Quick exit): it hears nothing until it is unlocked. */
	'locked'
] as const;
export type SessionEndReason = (typeof sessionEndReasons)[number];

const spaceRef = z.strictObject({ spaceId: z.string().min(1).max(64) });
const conversationRef = z.strictObject({ conversationId: z.string().min(1).max(64) });

/** One stored event of a conversation, as every device receives it. */
export interface ConversationEvent {
	seq: number;
	kind: string;
	actor: string;
	at: number;
	data: Record<string, string | number | null>;
}

export const clientEvents = {
	/** Round trip used by the connection indicator and for measuring latency. */
	'system:ping': {
		payload: z.strictObject({ sentAt: z.number().finite() }),
		result: z.object({ sentAt: z.number(), serverAt: z.number() })
	},
	/** "I have this space open": counts the person as online there; answers who else is. */
	'space:watch': {
		payload: spaceRef,
		result: z.object({ online: z.array(z.string()) })
	},
	'space:unwatch': {
		payload: spaceRef,
		result: z.object({})
	},
	/**
	 * Asked as a page's live connection first opens: has anything this person would have been
	 * told of (`space:changed`) changed since the page was read (`since`, the server's time)?
	 */
	'space:since': {
		payload: z.strictObject({ since: z.number().int().min(0) }),
		result: z.object({ changed: z.boolean() })
	},
	/** Open a conversation: its events after `after` (to catch up), and who is there. */
	'conversation:join': {
		payload: z.strictObject({
			conversationId: z.string().min(1).max(64),
			after: z.number().int().min(0)
		}),
		result: z.object({
			events: z.array(z.custom<ConversationEvent>()),
			present: z.array(z.string())
		})
	},
	'conversation:leave': {
		payload: conversationRef,
		result: z.object({})
	},
	/** One command, with the device's own id for it: sent again, it lands once. */
	'conversation:act': {
		payload: z.strictObject({
			conversationId: z.string().min(1).max(64),
			clientId,
			command: commandSchema()
		}),
		// The event the command made (or made the first time): this device does not also get it as a broadcast.
		result: z.object({
			seq: z.number(),
			duplicate: z.boolean(),
			event: z.custom<ConversationEvent>()
		})
	},
	/** "I am typing" (or stopped): passed on to the others, never stored. */
	'conversation:typing': {
		payload: z.strictObject({ conversationId: z.string().min(1).max(64), typing: z.boolean() }),
		result: z.object({})
	}
} as const;

export const serverEvents = {
	/** The session behind this socket has ended; the socket closes right after. */
	'session:ended': z.object({ reason: z.enum(sessionEndReasons) }),
	/** Something in the space changed; reload what you show of it. Carries no content. */
	'space:changed': spaceRef,
	/** Who has the space open right now. */
	'space:presence': z.object({ spaceId: z.string(), online: z.array(z.string()) }),
	/** A stored conversation event, sent to every device that has the conversation open. */
	'conversation:event': z.object({
		conversationId: z.string(),
		event: z.custom<ConversationEvent>()
	}),
	/** Who has the conversation open right now. */
	'conversation:presence': z.object({ conversationId: z.string(), present: z.array(z.string()) }),
	'conversation:typing': z.object({
		conversationId: z.string(),
		userId: z.string(),
		typing: z.boolean()
	}),
	/** A refusal for an event sent without an acknowledgement callback. */
	'system:error': z.object({ event: z.string(), code: z.string(), message: z.string() })
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ServerEventName = keyof typeof serverEvents;
export type Payload<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['payload']>;
export type Result<E extends ClientEventName> = z.output<(typeof clientEvents)[E]['result']>;
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ClientError };

export type ClientToServer = {
	[E in ClientEventName]: (
		payload: z.input<(typeof clientEvents)[E]['payload']>,
		ack: (res: Ack<Result<E>>) => void
	) => void;
};
export type ServerToClient = {
	[E in ServerEventName]: (payload: z.output<(typeof serverEvents)[E]>) => void;
};

export function isClientEvent(name: string): name is ClientEventName {
	return Object.hasOwn(clientEvents, name);
}

/** socket.io's payload cap: events are small; anything long goes through a form post. */
export const MAX_SOCKET_PAYLOAD_BYTES = 16 * 1024;
