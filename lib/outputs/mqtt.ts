import { readFileSync } from 'node:fs';
import type { Config } from '../config/config';
import { readSecret, userPassword } from '../config/secret';
import { deadline } from '../deadline';
import { eventLine, moduleLines } from '../format/influx';
import { jsonValues } from './json';
import type { Sample } from '../sample/types';
import { OutputFailure, type Output } from './types';

type MqttSettings = NonNullable<Config['mqtt']>;

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
  const auth = settings.credentials === undefined ? {} : userPassword(readSecret(settings.credentials, 'mqtt.credentials'), settings.credentials);
  const ca = settings.ca === undefined ? undefined : readFileSync(settings.ca);
  return {
    name: 'mqtt',
    write: async (samples: readonly Sample[]) => {
      const mqtt = await import('mqtt');
      let delivered = 0;
      let client: import('mqtt').MqttClient | undefined;
      try {
        await deadline((async () => {
          client = await mqtt.connectAsync(settings.url, {
            ...auth, ...(ca ? { ca } : {}), reconnectPeriod: 0, connectTimeout: settings.timeout * 1000, clean: true,
          });
          for (const sample of samples) {
            await Promise.all(messagesOf(settings, sample).map(([topic, payload]) => client!.publishAsync(topic, payload, { qos: 1 })));
            delivered++;
          }
          await client.endAsync();
        })(), settings.timeout * 1000, 'the broker');
      } catch (err) {
        client?.end(true);
        throw new OutputFailure(`${settings.url}: ${(err as Error).message}`, delivered);
      }
    },
  };
}

const topicOf = (template: string, host: string, module: string): string => template.replace(/\{host\}/g, host).replace(/\{module\}/g, module);

/** A message per module, and one for the sample's events (module name `events`) when it has any. */
function messagesOf(settings: MqttSettings, sample: Sample): Array<[topic: string, payload: string]> {
  const messages = sample.modules.map((m): [string, string] => [topicOf(settings.topic, sample.host, m.module), payloadOf(settings.payload, sample, m)]);
  const events = sample.events ?? [];
  if (events.length > 0) {
    const payload = settings.payload === 'influx'
      ? events.map((e) => eventLine(sample, e)).join('\n')
      : JSON.stringify({ xid: sample.xid, time: new Date(sample.timeMs).toISOString(), host: sample.host, events: events.map((e) => ({ module: e.module, ...jsonValues([e]) })) });
    messages.push([topicOf(settings.topic, sample.host, 'events'), payload]);
  }
  return messages;
}

function payloadOf(kind: 'influx' | 'json', sample: Sample, mod: Sample['modules'][number]): string {
  if (kind === 'influx') return moduleLines(sample, mod).join('\n');
  return JSON.stringify({ xid: sample.xid, time: new Date(sample.timeMs).toISOString(), host: sample.host, module: mod.module, values: jsonValues([mod]) });
}
