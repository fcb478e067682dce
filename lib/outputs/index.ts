import { join } from 'node:path';
import { spoolDir, type Config, type OutputName } from '../config/config';
import { UsageError } from '../core/errors';
import type { Output } from './types';

/**
 * The configured outputs, each loaded only when named, so a run pays at start-up only for the outputs
 * it uses (the syslog output loads winston only when it sends, mqtt loads MQTT.js). Settings an
 * output cannot work without, and secrets files open to others, are usage errors before any sampling.
 */
export async function openOutputs(names: readonly OutputName[], config: Config): Promise<Output[]> {
  return Promise.all(
    names.map(async (name): Promise<Output> => {
      switch (name) {
        case 'syslog':
          return config.syslog.host === undefined
            ? (await import('./syslog')).syslogOutput(config.syslog)
            : (await import('./syslog-remote')).remoteSyslogOutput(config.syslog);
        case 'file':
          return (await import('./file')).fileOutput(config.file.path, config.syslog.ident);
        case 'stdout':
          return (await import('./stdout')).stdoutOutput(config.syslog.ident);
        case 'json':
          return (await import('./json')).jsonOutput();
        case 'influx':
          return (await import('./influx')).influxOutput();
        case 'prom':
          return (await import('./prom')).promOutput(config.prom.dir, join(spoolDir(config), 'prom-totals.json'));
        case 'mqtt':
          if (config.mqtt?.url === undefined)
            throw new UsageError(
              'the mqtt output needs mqtt.url in the config file, e.g. mqtt: {url: "mqtt://broker:1883"}',
            );
          return (await import('./mqtt')).mqttOutput(config.mqtt);
        case 'influxdb': {
          const settings = config.influxdb;
          if (settings?.url === undefined)
            throw new UsageError(
              'the influxdb output needs influxdb.url in the config file, e.g. influxdb: {url: "http://127.0.0.1:8086", db: flightlog}',
            );
          if (settings.bucket !== undefined && (settings.org === undefined || settings.token_file === undefined)) {
            throw new UsageError('influxdb: an InfluxDB 2.x bucket needs org and token_file too');
          }
          return (await import('./influxdb')).influxdbOutput(settings);
        }
      }
    }),
  );
}
