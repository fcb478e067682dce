import { version } from '../../package.json';

/** flightlog's version, as `run.version` writes it. */
export const VERSION: string = version;
