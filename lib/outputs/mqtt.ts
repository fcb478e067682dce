import { readFileSync } from 'node:fs';
import type { Config } from '../config/config';
import { readSecret, userPassword } from '../config/secret';
import { moduleLines } from '../format/influx';
import { jsonValues } from './json';
import type { Sample } from '../sample/types';
import { OutputFailure, type Output } from './types';

type MqttSettings = NonNullable<Config['mqtt']>;

/**
 * `mqtt`: each module of each sample as one message, QoS 1, to `topic` (default
 * flightlog/{host}/{module}), the payload InfluxDB line protocol (what Telegraf's mqtt_consumer reads)
 * or JSON ({xid, time, host, module, values}). TLS with `mqtts://` and a `ca` file; user and password
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
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from ${settings.url} in ${settings.timeout} s`)), settings.timeout * 1000);
      });
      try {
        await Promise.race([deadline, (async () => {
          client = await mqtt.connectAsync(settings.url, {
            ...auth, ...(ca ? { ca } : {}), reconnectPeriod: 0, connectTimeout: settings.timeout * 1000, clean: true,
          });
          for (const sample of samples) {
            await Promise.all(sample.modules.map((m) => client!.publishAsync(topicOf(settings.topic, sample.host, m.module), payloadOf(settings.payload, sample, m), { qos: 1 })));
            delivered++;
          }
          await client.endAsync();
        })()]);
      } catch (err) {
        client?.end(true);
        throw new OutputFailure(`${settings.url}: ${(err as Error).message}`, delivered);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

const topicOf = (template: string, host: string, module: string): string => template.replace(/\{host\}/g, host).replace(/\{module\}/g, module);

function payloadOf(kind: 'influx' | 'json', sample: Sample, mod: Sample['modules'][number]): string {
  if (kind === 'influx') return moduleLines(sample, mod).join('\n');
  return JSON.stringify({ xid: sample.xid, time: new Date(sample.timeMs).toISOString(), host: sample.host, module: mod.module, values: jsonValues([mod]) });
}
