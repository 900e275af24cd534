DROP INDEX `suggestions_message_rank_uq`;--> statement-breakpoint
CREATE INDEX `suggestions_message_idx` ON `suggestions` (`message_id`,`status`);