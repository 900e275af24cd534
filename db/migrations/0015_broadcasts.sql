ALTER TABLE `outbox_messages` ADD `custom_aggregation_units` text;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `starts_at` integer;--> statement-breakpoint
ALTER TABLE `broadcasts` ADD `plan_id` text;