/**
 * Sets a V8 flag in this process. Through the internal binding where Node still offers it: `node:v8`
 * loads Node's whole stream machinery with it (27 internal modules, 3 to 4 ms of every run), the
 * binding costs a quarter of a millisecond. Its deprecation warning would go to stderr (cron would
 * mail it): it is silenced for the call. Where the binding is gone, `node:v8`. (sbin/flightlog does
 * the same for the code cache's checksum before the program is compiled.)
 */
export function setV8Flag(flag: string): void {
  const was = process.noDeprecation === true;
  process.noDeprecation = true;
  try {
    (process as unknown as { binding(name: 'v8'): { setFlagsFromString(flags: string): void } })
      .binding('v8')
      .setFlagsFromString(flag);
  } catch {
    require('node:v8').setFlagsFromString(flag);
  } finally {
    process.noDeprecation = was;
  }
}
