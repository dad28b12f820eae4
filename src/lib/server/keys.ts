/**
 * Keys that make a repeated submission land once. Where a key is unique across a whole space,
 * the key a person's device sends is stored under that person, so it can never match anyone
 * else's; keys the server makes itself start with `sys:`, which no form or socket event can send
 * (their ids allow only lower-case letters, digits and hyphens).
 */
export const ownKey = (userId: string, clientId: string): string => `${userId}/${clientId}`;

export const systemKey = (...parts: (string | number)[]): string => `sys:${parts.join(':')}`;

export const isSystemKey = (key: string): boolean => key.startsWith('sys:');
