CREATE INDEX `conversation_events_kind_idx` ON `conversation_events` (`kind`,`at`);--> statement-breakpoint
CREATE INDEX `conversations_planned_idx` ON `conversations` (`scheduled_for`);