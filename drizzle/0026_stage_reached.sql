ALTER TABLE `spaces` ADD `reached_at` integer;--> statement-breakpoint
ALTER TABLE `spaces` ADD `reached_how` text;--> statement-breakpoint
-- A space keeps its latest step forward together while it is at the stage that step brought it
-- to: found here, for spaces made before, among the steps already taken.
UPDATE `spaces` SET
	`reached_at` = (SELECT e.`at` FROM `journey_events` e WHERE e.`id` = (
		SELECT f.`id` FROM `journey_events` f
		WHERE f.`space_id` = `spaces`.`id` AND (f.`kind` = 'advanced' OR (f.`kind` = 'revealed' AND f.`outcome` = 'rebuilding'))
		ORDER BY f.`at` DESC, f.`kind` DESC LIMIT 1
	) AND e.`to_stage` = `spaces`.`stage`),
	`reached_how` = (SELECT CASE e.`kind` WHEN 'revealed' THEN 'continued' ELSE 'reached' END FROM `journey_events` e WHERE e.`id` = (
		SELECT f.`id` FROM `journey_events` f
		WHERE f.`space_id` = `spaces`.`id` AND (f.`kind` = 'advanced' OR (f.`kind` = 'revealed' AND f.`outcome` = 'rebuilding'))
		ORDER BY f.`at` DESC, f.`kind` DESC LIMIT 1
	) AND e.`to_stage` = `spaces`.`stage`);
