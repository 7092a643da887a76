// Trackstar dates: ISO 8601 UTC with whole seconds and a Z suffix, e.g. 2022-01-01T00:00:00Z.

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const P2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Formats epoch milliseconds (truncated to the second). Hand-rolled civil-date arithmetic
 * (Howard Hinnant's days_from_civil inverse): integer maths and a lookup table, with no Date object
 * per call and no milliseconds to cut off toISOString's output, which matters when generating
 * hundreds of thousands of dates. Years 1970-9999.
 */
export function iso(ms: number): string {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86400);
  let rem = secs - days * 86400;
  const hh = Math.floor(rem / 3600);
  rem -= hh * 3600;
  const mm = Math.floor(rem / 60);
  const ss = rem - mm * 60;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${P2[m]}-${P2[d]}T${P2[hh]}:${P2[mm]}:${P2[ss]}Z`;
}
