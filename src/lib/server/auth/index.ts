// Authentication building blocks. No $lib/$env imports here, so the socket server can load them.
export * as sessions from './sessions';
export * as throttle from './throttle';
export * as password from './password';
export * as devices from './devices';
export * as pendingLogins from './pending-logins';
export * as totp from './totp';
export * as recoveryCodes from './recovery-codes';
export { seal, unseal } from './sealed';
export { describeDevice } from './device';
export { readCookie } from './cookies';
export { SESSION_COOKIE, sessionCookieName } from './sessions';
export type { SessionUser, CurrentSession, Validated } from './sessions';
