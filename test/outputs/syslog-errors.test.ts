import { describe, expect, it } from 'vitest';
import { sendErrorText } from '../../lib/outputs/syslog';

describe('a syslog send error in words', () => {
  it.each([
    ['send -11', "the daemon's socket queue is full: it is not reading (stopped or hung?) (send -11)"],
    ['send -111', 'nothing listens on the socket: is the syslog daemon running? (send -111)'],
    ['send -91', "the socket is not a datagram socket: point syslog.socket at the daemon's /dev/log (send -91)"],
    ['connect -2', 'the socket is gone: is the syslog daemon running? (connect -2)'],
    ['send -5', 'send -5'],
    ['the syslog daemon did not answer in 5000 ms', 'the syslog daemon did not answer in 5000 ms'],
  ])('%s', (message, words) => expect(sendErrorText(new Error(message))).toBe(words));
});
