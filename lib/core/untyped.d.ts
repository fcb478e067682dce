// Libraries that ship no type declarations: the parts flightlog uses.
declare module 'unix-dgram';
declare module 'winston-syslog' {
  import type TransportStream from 'winston-transport';
  export class Syslog extends TransportStream {
    constructor(options: Record<string, unknown>);
  }
}
