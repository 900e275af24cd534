CREATE TABLE `agent_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_tokens_hash_uq` ON `agent_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `conversation_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`direction` text NOT NULL,
	`sender` text NOT NULL,
	`type` text NOT NULL,
	`text` text NOT NULL,
	`payload` text NOT NULL,
	`suggest_state` text DEFAULT 'none' NOT NULL,
	`reply_token` text,
	`reply_token_expires_at` integer,
	`suggestion_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversation_messages_conv_idx` ON `conversation_messages` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `conversation_messages_suggest_idx` ON `conversation_messages` (`suggest_state`,`created_at`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`line_user_id` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`assigned_to` text,
	`waiting_since` integer,
	`last_message_at` integer NOT NULL,
	`last_inbound_at` integer,
	`away_sent_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`assigned_to`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_user_uq` ON `conversations` (`line_user_id`);--> statement-breakpoint
CREATE INDEX `conversations_status_idx` ON `conversations` (`status`,`last_message_at`);--> statement-breakpoint
CREATE TABLE `member_tags` (
	`member_id` text NOT NULL,
	`tag` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `member_tags_uq` ON `member_tags` (`member_id`,`tag`);--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id` text NOT NULL,
	`rank` integer NOT NULL,
	`source` text NOT NULL,
	`text` text NOT NULL,
	`source_ref` text,
	`score` real,
	`status` text DEFAULT 'pending' NOT NULL,
	`reject_reason` text,
	`final_text` text,
	`edit_distance` integer,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suggestions_message_rank_uq` ON `suggestions` (`message_id`,`rank`,`created_at`);--> statement-breakpoint
CREATE INDEX `suggestions_conv_idx` ON `suggestions` (`conversation_id`,`status`);