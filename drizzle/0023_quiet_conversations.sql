ALTER TABLE `conversations` ADD `quiet_since` integer;--> statement-breakpoint
CREATE INDEX `conversations_quiet_idx` ON `conversations` (`quiet_since`);--> statement-breakpoint
-- Conversations going on before this column existed: quiet since their last event, or since the
-- end of their time-out.
UPDATE `conversations` SET `quiet_since` = max(
	coalesce(
		(SELECT max(`at`) FROM `conversation_events` WHERE `conversation_events`.`conversation_id` = `conversations`.`id`),
		`created_at`
	),
	coalesce(json_extract(`state`, '$.pause.until'), 0)
) WHERE json_extract(`state`, '$.status') IN ('live', 'paused');
