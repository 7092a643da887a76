// Stored reasons hold `{ago}` / `{in}` where the time since or until the item's `since` belongs
// (rules.ts), so they stay unchanged while the clock moves; this fills them in when read.

/** "45 s", "12 min", "3 h", "4 days": the largest whole unit. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 2 * 86_400) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86_400)} days`;
}

/** `since` as a Date (Prisma) or ISO-8601 text (the SQL page, graphql/attention-page.ts). */
export function renderReason(reason: string, since: Date | string, now = Date.now()): string {
  if (!reason.includes('{')) return reason;
  const at = typeof since === 'string' ? Date.parse(since) : since.getTime();
  return reason
    .replaceAll('{ago}', `${formatDuration(now - at)} ago`)
    .replaceAll('{in}', `in ${formatDuration(at - now)}`);
}
