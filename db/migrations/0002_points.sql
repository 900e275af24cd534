CREATE TABLE `point_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`lot_id` text,
	`reference` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `point_entries_idem_uq` ON `point_entries` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `point_entries_member_idx` ON `point_entries` (`member_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `point_lots` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`earned` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `point_lots_member_idx` ON `point_lots` (`member_id`,`expires_at`);--> statement-breakpoint
ALTER TABLE `members` ADD `points_balance` integer DEFAULT 0 NOT NULL;