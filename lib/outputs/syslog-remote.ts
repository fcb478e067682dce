import { createSocket } from 'node:dgram';
import type { SyslogSettings } from './registry';
import { hostname } from 'node:os';
import { connect } from 'node:net';
import { sampleLines } from '../format/sample-lines';
import type { Sample } from '../core/sample';
import { OutputFailure, type Output } from './types';

const FACILITY_CODES: Readonly<Record<string, number>> = {
  user: 1,
  daemon: 3,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
};
const NOTICE = 5;

/**
 * An RFC 5424 message: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG, the time the sample's,
 * the host name the sampled machine's, severity notice.
 */
export function rfc5424(line: string, sample: Sample, settings: SyslogSettings, pid: number): string {
  const pri = (FACILITY_CODES[settings.facility] ?? 20) * 8 + NOTICE;
  const host = (sample.host || hostname()).replace(/[^\x21-\x7e]/g, '_').slice(0, 255);
  return `<${pri}>1 ${new Date(sample.timeMs).toISOString()} ${host} ${settings.ident} ${pid} - - ${line}`;
}

/**
 * syslog to a remote receiver (`syslog.host`), for machines with no local daemon: RFC 5424 messages,
 * one UDP datagram per line, or over TCP with octet-counting framing (RFC 6587: "<length> <message>").
 * A small sender of flightlog's own: winston-syslog's UDP close always waits 4.2 s and its TCP mode
 * reconnects forever. The whole send has `syslog.timeout` seconds. UDP cannot tell a message lost on
 * the way; TCP counts a sample delivered once the socket has taken all its bytes and closed cleanly.
 */
export function remoteSyslogOutput(settings: SyslogSettings): Output {
  return {
    name: 'syslog',
    write: (samples) => (settings.protocol === 'tcp' ? sendTcp(samples, settings) : sendUdp(samples, settings)),
  };
}

function sendUdp(samples: readonly Sample[], settings: SyslogSettings): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(settings.host?.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(
      () => finish(new Error(`no answer from ${settings.host} in ${settings.timeout} s`)),
      settings.timeout * 1000,
    );
    let delivered = 0;
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (err) reject(new OutputFailure(`udp ${settings.host}:${settings.port}: ${err.message}`, delivered));
      else resolve();
    };
    socket.on('error', finish);
    const send = (i: number): void => {
      const sample = samples[i];
      if (sample === undefined) {
        finish();
        return;
      }
      const messages = sampleLines(sample).map((l) => Buffer.from(rfc5424(l, sample, settings, process.pid)));
      let left = messages.length;
      for (const m of messages) {
        socket.send(m, settings.port, settings.host, (err) => {
          if (err) return finish(err);
          if (--left === 0) {
            delivered++;
            send(i + 1);
          }
        });
      }
      if (messages.length === 0) send(i + 1);
    };
    send(0);
  });
}

function sendTcp(samples: readonly Sample[], settings: SyslogSettings): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: settings.host as string, port: settings.port });
    const timer = setTimeout(() => finish(new Error(`no answer in ${settings.timeout} s`)), settings.timeout * 1000);
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      // what TCP took before an error cannot be told apart from what it lost: count none delivered
      if (err) reject(new OutputFailure(`tcp ${settings.host}:${settings.port}: ${err.message}`, 0));
      else resolve();
    };
    socket.on('error', finish);
    socket.on('connect', () => {
      const text = samples
        .flatMap((sample) =>
          sampleLines(sample).map((l) => {
            const message = Buffer.from(rfc5424(l, sample, settings, process.pid));
            return `${message.length} ${message.toString()}`;
          }),
        )
        .join('');
      socket.end(text, () => finish());
    });
  });
}
