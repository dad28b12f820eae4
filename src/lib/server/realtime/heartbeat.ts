/**
 * How often the server asks each device whether it is still there, and how long it waits for the
 * answer. socket.io's defaults (25 s and 20 s) leave a lost network unnoticed for up to 45 s, so
 * a partner who had gone still showed as "Here now". With these, both sides notice within 8 s,
 * well inside 10 s on a busy server: the server drops the device (and presence is told) and the
 * device shows "Reconnecting" (it expects a ping within the same time). Four seconds for the
 * answer leave room for a slow mobile network. `npm run bench` measures what the shorter beat
 * costs.
 */
export const HEARTBEAT = { pingInterval: 4_000, pingTimeout: 4_000 } as const;
