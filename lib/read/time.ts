/** Epoch seconds as local ISO 8601 with the UTC offset: 2026-11-23T10:20:00+01:00. */
export function localIso(epochS: number): string {
  // the samples of a fleet share their times: each is worked out once (for the zone it was worked out in)
  if (lastIso.size >= 4096 || isoZone !== process.env.TZ) {
    lastIso.clear();
    isoZone = process.env.TZ;
  }
  const known = lastIso.get(epochS);
  if (known !== undefined) return known;
  const iso = isoOf(epochS);
  lastIso.set(epochS, iso);
  return iso;
}

const lastIso = new Map<number, string>();
let isoZone: string | undefined;

function isoOf(epochS: number): string {
  const d = new Date(epochS * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const zone =
    off === 0 ? 'Z' : `${off > 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`;
}
