/**
 * The tables the services use, from the engine this process runs on: PostgreSQL's (schema-pg)
 * when `DATABASE_URL` names one, SQLite's (schema-sqlite) otherwise. They are typed as the
 * PostgreSQL tables, so that code compiles only if it uses what both query builders share;
 * schema-parity.test.ts holds the two schemas to the same tables, columns and values.
 */
import * as pg from '../schema-pg';
import * as sqlite from '../schema-sqlite';
import { engineName } from '../paths';

const chosen = (engineName() === 'postgres' ? pg : sqlite) as unknown as typeof pg;

export const {
	users,
	sessions,
	loginThrottle,
	knownDevices,
	twoStep,
	recoveryCodes,
	pendingLogins,
	spaces,
	memberships,
	counselorDecisions,
	invites,
	safetyChecks,
	notes,
	noteDrafts,
	sharedItems,
	sharedAcks,
	sharedReads,
	agreements,
	agreementVersions,
	keepingLogs,
	stageReadiness,
	journeyEvents,
	stageChoices,
	assessments,
	conversations,
	conversationEvents,
	checkinTemplates,
	checkinSchedules,
	checkinAnswers,
	counselorNotes,
	emailTokens,
	mailOutbox,
	notifications,
	notificationSettings,
	pushSubscriptions
} = chosen;

export { accountKinds, tokenPurposes } from '../schema-sqlite';
export type * from '../schema-pg';
