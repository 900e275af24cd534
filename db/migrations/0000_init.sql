CREATE TABLE `keyword_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`match` text NOT NULL,
	`pattern` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`replies` text NOT NULL,
	`schedule` text,
	`scope` text DEFAULT 'all' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`seed_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `keyword_rules_seed_uq` ON `keyword_rules` (`seed_key`);--> statement-breakpoint
CREATE INDEX `keyword_rules_enabled_idx` ON `keyword_rules` (`enabled`);--> statement-breakpoint
CREATE TABLE `knowledge_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`question` text NOT NULL,
	`variants` text DEFAULT '[]' NOT NULL,
	`answer` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`seed_key` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_seed_uq` ON `knowledge_entries` (`seed_key`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`price` integer NOT NULL,
	`currency` text DEFAULT 'TWD' NOT NULL,
	`image_url` text,
	`variants` text DEFAULT '[]' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_uq` ON `products` (`sku`);--> statement-breakpoint
CREATE TABLE `app_settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`recipients` text NOT NULL,
	`reply_token` text,
	`reply_token_expires_at` integer,
	`messages` text NOT NULL,
	`retry_key` text NOT NULL,
	`retry_key_issued_at` integer NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_until` integer,
	`last_status` integer,
	`last_error` text,
	`reply_ambiguous` integer DEFAULT false NOT NULL,
	`delivered_as` text,
	`counted_recipients` integer DEFAULT 0 NOT NULL,
	`line_request_id` text,
	`event_id` text,
	`topic` text DEFAULT 'general' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_state_due_idx` ON `outbox_messages` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_topic_idx` ON `outbox_messages` (`topic`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`mode` text DEFAULT 'active' NOT NULL,
	`source_type` text,
	`source_user_id` text,
	`source_group_id` text,
	`reply_token` text,
	`event_timestamp` integer NOT NULL,
	`is_redelivery` integer DEFAULT false NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'received' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`claimed_until` integer,
	`next_attempt_at` integer,
	`processed_at` integer
);
--> statement-breakpoint
CREATE INDEX `webhook_events_state_idx` ON `webhook_events` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'staff' NOT NULL,
	`line_user_id` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_code_uq` ON `staff` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `staff_line_user_uq` ON `staff` (`line_user_id`);--> statement-breakpoint
CREATE INDEX `staff_store_idx` ON `staff` (`store_id`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`latitude` real,
	`longitude` real,
	`opening_hours` text DEFAULT '' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stores_code_uq` ON `stores` (`code`);