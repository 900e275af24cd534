CREATE TABLE `broadcast_chunks` (
	`broadcast_id` text NOT NULL,
	`chunk` integer NOT NULL,
	`outbox_id` text NOT NULL,
	`size` integer NOT NULL,
	PRIMARY KEY(`broadcast_id`, `chunk`),
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_chunks_outbox_uq` ON `broadcast_chunks` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `broadcast_members` (
	`broadcast_id` text NOT NULL,
	`member_id` text NOT NULL,
	`line_user_id` text NOT NULL,
	`role` text NOT NULL,
	`chunk` integer,
	`planned_at` integer,
	PRIMARY KEY(`broadcast_id`, `member_id`),
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `broadcast_members_chunk_idx` ON `broadcast_members` (`broadcast_id`,`chunk`);--> statement-breakpoint
CREATE INDEX `broadcast_members_member_idx` ON `broadcast_members` (`member_id`,`planned_at`);--> statement-breakpoint
CREATE TABLE `broadcasts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`segment_id` text,
	`rule` text NOT NULL,
	`messages` text NOT NULL,
	`holdout_percent` integer NOT NULL,
	`attribution_days` integer NOT NULL,
	`coupon_template_id` text,
	`aggregation_unit` text,
	`scheduled_at` integer,
	`over_quota_confirmed_at` integer,
	`eligible` integer NOT NULL,
	`recipients` integer NOT NULL,
	`holdout` integer NOT NULL,
	`capped` integer DEFAULT 0 NOT NULL,
	`excluded` integer DEFAULT 0 NOT NULL,
	`chunks` integer DEFAULT 0 NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`cancelled_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `broadcasts_state_idx` ON `broadcasts` (`state`,`scheduled_at`);--> statement-breakpoint
CREATE TABLE `member_scores` (
	`member_id` text PRIMARY KEY NOT NULL,
	`recency_days` integer,
	`frequency` integer NOT NULL,
	`monetary` integer NOT NULL,
	`interactions` integer NOT NULL,
	`r` integer NOT NULL,
	`f` integer NOT NULL,
	`m` integer NOT NULL,
	`i` integer NOT NULL,
	`rfm_group` text,
	`computed_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_scores_group_idx` ON `member_scores` (`rfm_group`);--> statement-breakpoint
CREATE TABLE `member_visits` (
	`member_id` text NOT NULL,
	`day` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `day`),
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_visits_at_idx` ON `member_visits` (`at`);--> statement-breakpoint
CREATE TABLE `purchase_items` (
	`purchase_id` text NOT NULL,
	`line` integer NOT NULL,
	`member_id` text,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`price` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`purchase_id`, `line`)
);
--> statement-breakpoint
CREATE INDEX `purchase_items_sku_idx` ON `purchase_items` (`sku`,`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`rule` text NOT NULL,
	`last_count` integer,
	`counted_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_name_uq` ON `segments` (`name`);--> statement-breakpoint
CREATE TABLE `tag_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`tag` text NOT NULL,
	`rule` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`last_run_at` integer,
	`last_count` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tag_rules_tag_uq` ON `tag_rules` (`tag`);--> statement-breakpoint
CREATE INDEX `member_tags_tag_idx` ON `member_tags` (`tag`,`member_id`);--> statement-breakpoint
CREATE INDEX `purchases_created_idx` ON `purchases` (`created_at`,`member_id`,`channel`,`store_id`,`paid`,`refunded_amount`);