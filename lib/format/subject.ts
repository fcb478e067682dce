/** A subject (NIC, disk, mount, sensor) keeps [A-Za-z0-9_-]; any other character becomes `_` (DESIGN §3). */
export const subjectName = (raw: string): string => raw.replace(/[^A-Za-z0-9_-]/g, '_') || '_';

/** `/` is `root`; another mount point drops its leading `/` and turns `/` into `_` (`/var/log` → `var_log`). */
export const mountSubject = (mountPoint: string): string =>
  mountPoint === '/' ? 'root' : subjectName(mountPoint.replace(/^\/+/, '').replace(/\/+$/, ''));
