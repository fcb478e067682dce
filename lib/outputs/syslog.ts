import { statSync } from 'node:fs';
import type { SyslogSettings } from './registry';
import { deadline } from '../core/deadline';
import { linesToSend } from '../format/sample-lines';
import type { Sample } from '../core/sample';
import { OutputFailure, type Output } from './types';
import { monotonicMs } from '../core/clock';
import { sleep } from '../core/sleep';

/** However a syslog daemon behaves, a run gives up on it after this long. */
export const SYSLOG_DEADLINE_MS = 5000;

/**
 * `syslog`: each line as one datagram to the local syslog socket, severity notice, facility and ident
 * from the config (local4, flightlog). Through winston-syslog when its native `unix-dgram` module
 * loads, else through one `logger(1)` fed every line on stdin (setting `syslog.via` forces either).
 * A missing socket fails at once, before any library is loaded.
 */
export const syslogOutput = (settings: SyslogSettings): Output => ({
  name: 'syslog',
  write: async (samples: readonly Sample[]) => {
    const lines = samples.flatMap(linesToSend);
    if (lines.length === 0) return;
    requireSocket(settings.socket);
    const via =
      settings.via === 'auto' ? ((await unixDgramProblem()) === undefined ? 'winston' : 'logger') : settings.via;
    if (via === 'logger') return sendWithLogger(samples, settings);
    const sent = await sendWithWinston(lines, settings);
    if (sent.failure !== undefined) {
      // the samples whose every line went out before the first that did not, and the lines of the next that did
      let delivered = 0;
      let end = 0;
      while (delivered < samples.length && end + linesToSend(samples[delivered] as Sample).length <= sent.lines)
        end += linesToSend(samples[delivered++] as Sample).length;
      throw new OutputFailure(`syslog ${settings.socket}: ${sendErrorText(sent.failure)}`, delivered, sent.lines - end);
    }
  },
});

function requireSocket(path: string): void {
  let isSocket = false;
  try {
    isSocket = statSync(path).isSocket();
  } catch {
    // reported below
  }
  if (!isSocket) throw new Error(`no syslog socket at ${path}: is rsyslog (or another syslog daemon) running?`);
}

/** Why winston-syslog cannot send over the unix socket here, or undefined when it can. */
export async function unixDgramProblem(): Promise<string | undefined> {
  try {
    // the module winston-syslog will use: bundled, its compiled part beside the program (build.mjs)
    await import('unix-dgram');
    return undefined;
  } catch (err) {
    const { message } = err as Error;
    // built for another Node (an upgrade of Node after the install): say which, and how to build it again
    const versions = /NODE_MODULE_VERSION (\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(
      message,
    );
    if (versions !== null)
      return `unix-dgram was built for another Node.js (module version ${versions[1]}, this one takes ${versions[2]}); fix: npm rebuild unix-dgram`;
    return message.split('\n')[0];
  }
}

/** The message of a queue the transport keeps for retries: for a unix socket it never retries, so a failed line would only delay close() by 4.2 s. */
interface SyslogTransport extends NodeJS.EventEmitter {
  queue: unknown[];
}

/**
 * A datagram the daemon had no room for (EAGAIN, -11: its socket's queue, net.unix.max_dgram_qlen, was
 * full) was not delivered: it can be sent again once the daemon has read some. The kernel's default
 * queue of 10 is shorter than a sample (systemd raises it to 512).
 */
const isCongestion = (err: Error): boolean => /send -11$|congestion/i.test(err.message);

/** unix-dgram's errors are negative errno numbers ("send -11"): what each means for a syslog socket, in words. */
const SEND_ERRORS: Readonly<Record<string, string>> = {
  '-11': "the daemon's socket queue is full: it is not reading (stopped or hung?)",
  '-111': 'nothing listens on the socket: is the syslog daemon running?',
  '-91': "the socket is not a datagram socket: point syslog.socket at the daemon's /dev/log",
  '-2': 'the socket is gone: is the syslog daemon running?',
  '-13': 'permission denied on the socket',
};

/** A send error in words, the errno kept at the end for a search. */
export function sendErrorText(err: Error): string {
  const errno = /^(?:send|connect) (-\d+)$/.exec(err.message)?.[1];
  const words = errno === undefined ? undefined : SEND_ERRORS[errno];
  return words === undefined ? err.message : `${words} (${err.message})`;
}

/**
 * Sends the lines in order and stops at the first that fails: how many went out, and the failure if
 * any. A line the daemon had no room for is sent again after a pause (2 ms, doubling while the daemon
 * takes nothing, back to 2 ms once it took some: a daemon that is only busy reads its queue within a
 * few), until the deadline; a line never goes out twice.
 */
async function sendWithWinston(
  lines: readonly string[],
  settings: SyslogSettings,
): Promise<{ lines: number; failure?: Error }> {
  const until = monotonicMs() + SYSLOG_DEADLINE_MS;
  let sent = 0;
  let pauseMs = 2;
  for (;;) {
    const batch = await sendBatch(lines.slice(sent), settings, Math.max(1, until - monotonicMs()));
    sent += batch.lines;
    if (batch.failure === undefined) return { lines: sent };
    pauseMs = batch.lines > 0 ? 2 : Math.min(pauseMs * 2, 500);
    if (!isCongestion(batch.failure) || monotonicMs() + pauseMs >= until)
      return { lines: sent, failure: batch.failure };
    await sleep(pauseMs);
  }
}

/** One transport: the lines one after the other, each after the previous one's 'logged', until the first failure. */
async function sendBatch(
  lines: readonly string[],
  settings: SyslogSettings,
  withinMs: number,
): Promise<{ lines: number; failure?: Error }> {
  const [winston, { Syslog }] = await Promise.all([import('winston'), import('winston-syslog')]);
  const transport = new Syslog({
    protocol: 'unix',
    path: settings.socket,
    type: 'BSD',
    localhost: '',
    facility: settings.facility,
    app_name: settings.ident,
    pid: process.pid,
  }) as unknown as InstanceType<typeof Syslog> & SyslogTransport;
  const logger = winston.createLogger({
    levels: winston.config.syslog.levels,
    format: winston.format.printf((info) => String(info.message)),
    transports: [transport],
  });
  let failure: Error | undefined;
  const onError = (err: Error): void => {
    failure ??= err;
    // the transport would send the failed line again on its own: it is sent again (or not) from here
    transport.queue.length = 0;
  };
  // a send's error is taken here and not passed on as the transport's 'error' event: the logger pipes
  // into the transport, and a stream takes a destination that emits 'error' off its pipe at once, which
  // calls the transport's close() while that send still counts in flight; close() then polls every 200 ms
  const emit = transport.emit.bind(transport);
  transport.emit = (event: string | symbol, ...rest: unknown[]): boolean => {
    if (event !== 'error') return emit(event, ...rest);
    onError(rest[0] as Error);
    return true;
  };
  logger.on('error', onError);
  let sent = 0;
  // lines the socket took are in the daemon's queue even when it never reads them in time: they count as
  // sent (sending them again would deliver them twice once the daemon wakes up)
  await deadline(
    new Promise<void>((resolve) => {
      // every send ends in 'logged', delivered or not (its error comes first). The transport counts the
      // send as done only after emitting 'logged'; closing in the same tick would make close() wait 200 ms
      const finish = (): void => {
        transport.once('closed', () => resolve());
        setImmediate(() => logger.close());
      };
      transport.on('logged', () => {
        if (failure === undefined) sent++;
        if (failure !== undefined || sent === lines.length) finish();
        else logger.log('notice', lines[sent] as string);
      });
      logger.log('notice', lines[0] as string);
    }),
    withinMs,
    'the syslog daemon',
  ).catch((err: Error) => {
    failure ??= err;
  });
  return failure === undefined ? { lines: sent } : { lines: sent, failure };
}

/**
 * One logger(1) a sample, fed its lines on stdin: what a logger that failed delivered is not known, so
 * a failure can cost at most the lines of one sample twice (the readers take a repeated line of a
 * sample once), never a backlog. `--id` keeps flightlog's pid in the lines, not logger's.
 */
async function sendWithLogger(samples: readonly Sample[], settings: SyslogSettings): Promise<void> {
  const until = monotonicMs() + SYSLOG_DEADLINE_MS;
  // node:child_process (and with it Node's streams and net) only on this path, not on winston's
  const { feed } = await import('../core/feed');
  for (const [i, sample] of samples.entries()) {
    const lines = linesToSend(sample);
    if (lines.length === 0) continue;
    const result = await feed(
      'logger',
      [
        `--id=${process.pid}`,
        '-t',
        settings.ident,
        '-p',
        `${settings.facility}.notice`,
        // without --socket-errors=on logger reports success when nothing listens
        '--socket-errors=on',
        '-u',
        settings.socket,
      ],
      lines.map((l) => `${l}\n`).join(''),
      Math.max(1, until - monotonicMs()),
    );
    if (result.code !== 0 || result.failure !== undefined) {
      const why =
        result.failure ?? (result.stderr.trim().split('\n').pop() || `exit status ${result.code ?? 'unknown'}`);
      throw new OutputFailure(`syslog ${settings.socket}: logger(1) failed: ${why}`, i);
    }
  }
}
