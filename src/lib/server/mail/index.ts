export { enqueue, type NewMail } from './outbox';
export { deliverDue, startSender, settingsFromEnv, type MailSettings } from './sender';
export { transportFromEnv, smtp, files, type Transport, type Outgoing } from './transport';
export * as links from './links';
export type { MailKind } from './messages';
