import { readFileSync } from 'node:fs';
import type { MqttSettings } from './registry';
import { readSecret, userPassword } from '../io/secret';
import { deadline } from '../core/deadline';
import { eventLine, moduleLines } from '../format/influx';
import { jsonValues } from './json';
import type { Sample } from '../core/sample';
import { OutputFailure, type Output } from './types';
import { monotonicMs } from '../core/clock';

/**
 * `mqtt`: each module of each sample as one message, QoS 1, to `topic` (default
 * flightlog/{host}/{module}), the payload InfluxDB line protocol (what Telegraf's mqtt_consumer reads)
 * or JSON ({xid, time, host, module, values}); the sample's events, if any, as one more message on
 * the module name `events`. TLS with `mqtts://` and a `ca` file; user and password
 * from `credentials`, a root-only file "user:password". MQTT.js reconnects forever and waits forever
 * for acknowledgements by default: here it never reconnects, and the whole write (connect, publish,
 * acknowledgements) has `timeout` seconds. What was not acknowledged waits in the spool.
 */
export function mqttOutput(settings: MqttSettings): Output {
  const auth =
    settings.credentials === undefined
      ? {}
      : userPassword(readSecret(settings.credentials, 'mqtt.credentials'), settings.credentials);
  const ca = settings.ca === undefined ? undefined : readFileSync(settings.ca);
  return {
    name: 'mqtt',
    write: async (samples: readonly Sample[]) => {
      const mqtt = await import('mqtt');
      const limitMs = settings.timeout * 1000;
      const started = monotonicMs();
      let delivered = 0;
      // the acknowledgements of the sample in flight, in message order: its acknowledged first ones are not sent again
      let acked: boolean[] = [];
      let client: import('mqtt').MqttClient | undefined;
      try {
        await deadline(
          (async () => {
            client = await mqtt.connectAsync(settings.url, {
              ...auth,
              ...(ca ? { ca } : {}),
              reconnectPeriod: 0,
              connectTimeout: limitMs,
              clean: true,
            });
            const connected = client;
            // a broker that closes the connection (stopped, a packet over its limit, a topic it refuses)
            // leaves MQTT.js's acknowledgements waiting forever: the close ends the write instead. Our own
            // close, once every message was acknowledged, is not the broker's.
            let ending = false;
            const dropped = new Promise<never>((_, reject) => {
              const closed = (): void => {
                if (!ending) reject(new Error('the broker closed the connection'));
              };
              connected.once('close', closed).once('offline', closed).once('disconnect', closed).once('error', reject);
            });
            dropped.catch(() => undefined);
            for (const sample of samples) {
              // catching up: no new sample is started past half the time, so the one in flight can finish
              if (delivered > 0 && monotonicMs() - started > limitMs / 2) break;
              const messages = messagesOf(settings, sample).slice(sample.linesSent ?? 0);
              acked = messages.map(() => false);
              await Promise.race([
                dropped,
                Promise.all(
                  messages.map(async ([topic, payload], i) => {
                    await connected.publishAsync(topic, payload, { qos: 1 });
                    acked[i] = true;
                  }),
                ),
              ]);
              delivered++;
              acked = [];
            }
            ending = true;
            await connected.endAsync();
          })(),
          limitMs,
          'the broker',
        );
      } catch (err) {
        client?.end(true);
        const partLines = acked.indexOf(false) === -1 ? acked.length : acked.indexOf(false);
        throw new OutputFailure(`${settings.url}: ${(err as Error).message}`, delivered, partLines);
      }
      return delivered;
    },
  };
}

/**
 * One topic level from machine text: MQTT gives `/` (a level), `+` and `#` (wildcards) and NUL a meaning,
 * and Mosquitto drops a client that publishes to a topic holding them; a leading `$` is the broker's own.
 */
export const topicLevel = (text: string): string =>
  text
    .replace(/[/+#\u0000-\u001f\u007f]/g, '_')
    .replace(/^\$/, '_')
    .slice(0, 128) || '_';

const topicOf = (template: string, host: string, module: string): string =>
  template.replace(/\{host\}/g, topicLevel(host)).replace(/\{module\}/g, topicLevel(module));

/** A message per module, and one for the sample's events (module name `events`) when it has any. */
function messagesOf(settings: MqttSettings, sample: Sample): Array<[topic: string, payload: string]> {
  const messages = sample.modules.map((m): [string, string] => [
    topicOf(settings.topic, sample.host, m.module),
    payloadOf(settings.payload, sample, m),
  ]);
  const events = sample.events ?? [];
  if (events.length > 0) {
    const payload =
      settings.payload === 'influx'
        ? events.map((e, i) => eventLine(sample, e, i)).join('\n')
        : JSON.stringify({
            xid: sample.xid,
            time: new Date(sample.timeMs).toISOString(),
            host: sample.host,
            events: events.map((e) => ({ module: e.module, ...jsonValues([e]) })),
          });
    messages.push([topicOf(settings.topic, sample.host, 'events'), payload]);
  }
  return messages;
}

function payloadOf(kind: 'influx' | 'json', sample: Sample, mod: Sample['modules'][number]): string {
  if (kind === 'influx') return moduleLines(sample, mod).join('\n');
  return JSON.stringify({
    xid: sample.xid,
    time: new Date(sample.timeMs).toISOString(),
    host: sample.host,
    module: mod.module,
    values: jsonValues([mod]),
  });
}
