CREATE TABLE `knowledge_candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`answer` text NOT NULL,
	`answer_key` text NOT NULL,
	`questions` text DEFAULT '[]' NOT NULL,
	`uses` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`entry_id` text,
	`decided_by` text,
	`decided_at` integer,
	`first_used_at` integer NOT NULL,
	`last_used_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_candidates_uq` ON `knowledge_candidates` (`answer_key`);--> statement-breakpoint
CREATE INDEX `knowledge_candidates_status_idx` ON `knowledge_candidates` (`status`,`uses`);--> statement-breakpoint
CREATE TABLE `knowledge_embeddings` (
	`ref` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`text_hash` text NOT NULL,
	`vector` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `knowledge_learned` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`text` text NOT NULL,
	`text_key` text NOT NULL,
	`message_id` text,
	`suggestion_id` text,
	`created_by` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `knowledge_entries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_learned_uq` ON `knowledge_learned` (`entry_id`,`text_key`);--> statement-breakpoint
ALTER TABLE `keyword_rules` ADD `replies_en` text;--> statement-breakpoint
ALTER TABLE `knowledge_entries` ADD `language` text DEFAULT 'zh-TW' NOT NULL;--> statement-breakpoint
ALTER TABLE `knowledge_entries` ADD `translation_of` text;--> statement-breakpoint
CREATE INDEX `knowledge_translation_idx` ON `knowledge_entries` (`translation_of`);