// How charts (SVG and terminal) write time: in local time, the zone named.

/**
 * The local time zone as the axis names it: "UTC", "Europe/Berlin (UTC+01:00)", and over a span that
 * crosses a change of summer time, both offsets: "Europe/Berlin (UTC+02:00, then +01:00)".
 */
export function zoneName(atMs: number, untilMs = atMs): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offsetOf = (ms: number): string => {
    const offset = -new Date(ms).getTimezoneOffset();
    return `${offset >= 0 ? '+' : '-'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  };
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const [first, last] = [offsetOf(atMs), offsetOf(untilMs)];
  return first === last ? `${zone} (UTC${first})` : `${zone} (UTC${first}, then ${last})`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time-axis label in local time that follows the span: the month over more than a year (with the year
 * in January), the day over more than three days, hours and minutes within them (the date at
 * midnight), and seconds within a quarter of an hour (a `record` of a few minutes).
 */
export function timeLabel(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const day = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  if (spanMs > 400 * 86_400_000)
    return d.getMonth() === 0 ? `${MONTHS[0]} ${d.getFullYear()}` : (MONTHS[d.getMonth()] as string);
  if (spanMs > 3 * 86_400_000) return day;
  const midnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  if (midnight) return day;
  const hhmm = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return spanMs > 15 * 60_000 ? hhmm : `${hhmm}:${pad2(d.getSeconds())}`;
}

/** The year or years a chart spans, for the time axis's name (the labels say day and month). */
export function yearsOf(t0: number, t1: number): string {
  const [a, b] = [new Date(t0).getFullYear(), new Date(t1).getFullYear()];
  return a === b ? String(a) : `${a}–${b}`;
}
