-- live_variants.reserved / waitlisted always equal the sums of live_lines that hold stock or wait
-- for it. Every path (comment, cancel, promotion, expiry, seller action) only changes lines; these
-- triggers move the counters in the same statement, and the CHECK on live_variants refuses an
-- oversell whatever the statement was.
CREATE TRIGGER live_lines_counters_insert AFTER INSERT ON live_lines
WHEN NEW.status IN ('reserved', 'waitlisted')
BEGIN
  UPDATE live_variants
  SET reserved = reserved + (CASE WHEN NEW.status = 'reserved' THEN NEW.qty ELSE 0 END),
      waitlisted = waitlisted + (CASE WHEN NEW.status = 'waitlisted' THEN NEW.qty ELSE 0 END)
  WHERE id = NEW.variant_id;
END;
--> statement-breakpoint
CREATE TRIGGER live_lines_counters_update AFTER UPDATE OF status, qty ON live_lines
WHEN OLD.status IN ('reserved', 'waitlisted') OR NEW.status IN ('reserved', 'waitlisted')
BEGIN
  UPDATE live_variants
  SET reserved = reserved
        + (CASE WHEN NEW.status = 'reserved' THEN NEW.qty ELSE 0 END)
        - (CASE WHEN OLD.status = 'reserved' THEN OLD.qty ELSE 0 END),
      waitlisted = waitlisted
        + (CASE WHEN NEW.status = 'waitlisted' THEN NEW.qty ELSE 0 END)
        - (CASE WHEN OLD.status = 'waitlisted' THEN OLD.qty ELSE 0 END)
  WHERE id = NEW.variant_id;
END;
