ALTER TABLE `outbox_messages` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `last_attempt_at` integer;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `retry_not_before` integer;--> statement-breakpoint
ALTER TABLE `outbox_messages` ADD `resolution` text;