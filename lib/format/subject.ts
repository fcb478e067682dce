/** Longest subject: a kernel name past this (no real NIC or disk has one) is cut and told apart by a hash. */
export const MAX_SUBJECT_CHARS = 64;

/** FNV-1a, 32 bits, as 8 hex digits: enough to notice a change or tell names apart, and no crypto module to load. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * A subject (NIC, disk, mount, sensor) keeps [A-Za-z0-9_-]; any other character becomes `_` (README, "What the lines mean").
 * A name longer than MAX_SUBJECT_CHARS keeps its start and ends in `-` and the hash of the whole name.
 */
export const subjectName = (raw: string): string => {
  const clean = raw.replace(/[^A-Za-z0-9_-]/g, '_') || '_';
  return clean.length <= MAX_SUBJECT_CHARS ? clean : `${clean.slice(0, MAX_SUBJECT_CHARS - 9)}-${fnv1a(raw)}`;
};

/** `/` is `root`; another mount point drops its leading `/` and turns `/` into `_` (`/var/log` → `var_log`). */
export const mountSubject = (mountPoint: string): string =>
  mountPoint === '/' ? 'root' : subjectName(mountPoint.replace(/^\/+/, '').replace(/\/+$/, ''));

/**
 * A host name as it goes into a line's prefix, a tag or a topic: one word of [A-Za-z0-9._-] (other
 * characters become `_`; a name with a newline must not start a line of its own), at most 253
 * characters (the longest DNS name).
 */
export const hostLabel = (raw: string): string => raw.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 253) || '_';

/**
 * Subjects that came out the same from different names (`eth0.100` and `eth0_100` are both valid NIC
 * names; the mounts `/x/var/log` and `/x/var_log`), for every module alike, would share one key and one
 * baseline: each name whose subject is taken by another name gets `-` and the hash of its own name, and
 * a name that needed no change keeps its subject. `name` is a subject's kernel name (undefined: the
 * subject is the name).
 */
export function uniqueSubjects<T extends { readonly subject?: string; readonly name?: string }>(
  items: readonly T[],
): T[] {
  const count = new Map<string, number>();
  for (const item of items) if (item.subject !== undefined) count.set(item.subject, (count.get(item.subject) ?? 0) + 1);
  if (![...count.values()].some((n) => n > 1)) return [...items];
  return items.map((item) => {
    const { subject, name } = item;
    if (subject === undefined || name === undefined || name === subject || (count.get(subject) ?? 0) < 2) return item;
    return { ...item, subject: `${subject.slice(0, MAX_SUBJECT_CHARS - 9)}-${fnv1a(name)}` };
  });
}
