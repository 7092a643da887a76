/** What applying one stored webhook event came to (also the webhook job's result). */
export type ProcessOutcome = 'PROCESSED' | 'IGNORED' | 'SKIPPED';
