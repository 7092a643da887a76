-- The bell counts an alert as unread when it opened or resolved after the user's read mark; a
-- revised number (13 late orders instead of 12) changes alert.sequence but is not a new notification.
ALTER TABLE "alert" ADD COLUMN "notifiedSequence" BIGINT NOT NULL DEFAULT 0;
UPDATE "alert" SET "notifiedSequence" = "sequence";

CREATE INDEX "alert_threePLId_notifiedSequence_idx" ON "alert"("threePLId", "notifiedSequence");
