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
CREATE INDEX `webhook_events_state_idx` ON `webhook_events` (`state`,`next_attempt_at`);