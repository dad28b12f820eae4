/**
 * How often the server asks each device whether it is still there, and how long it waits for the
 * answer. socket.io's defaults (25 s and 20 s) leave a lost network unnoticed for up to 45 s, so
 * a partner who had gone still showed as "Here now". With these, both sides notice within 9 s:
 * the server drops the device (and presence is told) and the device shows "Reconnecting" (it
 * expects a ping within the same time). `npm run bench` measures what the shorter beat costs.
 */
export const HEARTBEAT = { pingInterval: 5_000, pingTimeout: 4_000 } as const;
