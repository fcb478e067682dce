import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog, type Ran } from './cli';
import { hasInfluxd, startInfluxd, type Influx } from './influxdb';
import { freePort, hasMosquitto, startBroker, type Broker } from './mosquitto';
import { readLines, startRsyslog, waitFor, type Rsyslog } from './rsyslog';

/**
 * The cron contract, end to end: every output against its real server (rsyslogd, Mosquitto, InfluxDB,
 * the prom textfile) through all up, each down, one hanging, one refusing content, and the catch-up
 * after. Every run is silent with exit 0 exactly when every sample reached every output; a run that
 * left something behind says so on stderr; across the whole sequence each receiver has every sample
 * exactly once; what was set aside is counted on a run line.
 */

const tmp = tempDir('flk');
const stops: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  tmp.cleanup();
});

interface Received {
  topic: string;
  payload: string;
}

describe('the cron contract across every output and failure', () => {
  it('is silent when every sample arrived, says so once when one did not, and loses or doubles nothing', async () => {
    if (!hasMosquitto() || !hasInfluxd())
      throw new Error('the contract needs mosquitto and influxdb: apt-get install mosquitto influxdb');
    const dir = tmp.dir;
    const mqttPort = await freePort();
    let broker: Broker | undefined = await startBroker(join(dir), { kind: 'anonymous' }, mqttPort);
    stops.push(() => broker?.stop());
    let influx: Influx | undefined = await startInfluxd(join(dir), await freePort());
    const influxPort = Number(new URL(influx.url).port);
    stops.push(() => influx?.stop());
    await influx.query('CREATE DATABASE flightlog');
    const daemon: Rsyslog = await startRsyslog(dir, { name: 'syslog' });
    const rsyslogPid = Number(readFileSync(daemon.pidFile, 'utf8'));
    stops.push(() => {
      process.kill(rsyslogPid, 'SIGCONT');
      daemon.stop();
    });

    // a subscriber that stays: every message the broker ever took
    const got: Received[] = [];
    const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
      reconnectPeriod: 200,
      clean: false,
      clientId: 'contract',
    });
    sub.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
    await sub.subscribeAsync('flightlog/+/run', { qos: 1 });
    stops.push(() => void sub.end(true));

    const config = join(dir, 'flightlog.yaml');
    writeFileSync(
      config,
      [
        'outputs: [syslog, mqtt, influxdb, prom]',
        `syslog: {socket: ${daemon.socket}}`,
        `mqtt: {url: "mqtt://127.0.0.1:${mqttPort}", timeout: 3}`,
        `influxdb: {url: "http://127.0.0.1:${influxPort}", db: flightlog, timeout: 3}`,
        `prom: {dir: ${join(dir, 'prom')}}`,
        '',
      ].join('\n'),
    );
    const runs: Ran[] = [];
    const sample = async (): Promise<Ran> => {
      const ran = await flightlog([
        'sample',
        '--config',
        config,
        '--state',
        join(dir, 'state.json'),
        '--root',
        fixtureRoot('basic', 't1'),
        '--first-interval',
        '0',
      ]);
      runs.push(ran);
      return ran;
    };
    const silent = (ran: Ran): void => {
      expect(ran.stderr).toBe('');
      expect(ran.status).toBe(0);
    };

    // all up
    silent(await sample());
    silent(await sample());

    // the broker down: the others take the sample, the run says what waits, once
    await broker.stop();
    broker = undefined;
    let ran = await sample();
    expect(ran.status).toBe(0);
    expect(ran.stderr).toMatch(
      /^flightlog: output mqtt failed: mqtt:\/\/127\.0\.0\.1:\d+: .*; 1 sample\(s\) wait in its spool\n$/,
    );

    // InfluxDB down too
    await influx.stop();
    influx = undefined;
    ran = await sample();
    expect(ran.status).toBe(0);
    expect(ran.stderr.split('\n').filter(Boolean)).toHaveLength(2);
    expect(ran.stderr).toMatch(/output influxdb failed: .*; 1 sample\(s\) wait in its spool/);
    expect(ran.stderr).toMatch(/output mqtt failed: .*; 2 sample\(s\) wait in its spool/);

    // both back, the syslog daemon hanging (stopped): the spools drain. The kernel queues a hung
    // daemon's first datagrams (net.unix.max_dgram_qlen, 10): a sample that fits is delivered when it
    // reads again; the next finds the queue full, and waits in syslog's spool
    broker = await startBroker(join(dir), { kind: 'anonymous' }, mqttPort);
    influx = await startInfluxd(join(dir), influxPort);
    process.kill(rsyslogPid, 'SIGSTOP');
    silent(await sample());
    ran = await sample();
    expect(ran.status).toBe(0);
    expect(ran.stderr).toMatch(
      /^flightlog: output syslog failed: syslog \S+: the daemon's socket queue is full: .*; 1 sample\(s\) wait in its spool\n$/,
    );
    process.kill(rsyslogPid, 'SIGCONT');

    // all back: the catch-up is silent
    silent(await sample());

    // InfluxDB refuses content: another writer made mem.used_pct a string
    await influx.query('DROP MEASUREMENT mem');
    const other = await fetch(`${influx.url}/write?db=flightlog&precision=ms`, {
      method: 'POST',
      body: `mem,host=other used_pct="full" ${Date.now()}`,
    });
    expect(other.status).toBe(204);
    ran = await sample();
    expect(ran.status).toBe(0);
    expect(ran.stderr).toMatch(
      /^flightlog: output influxdb refused part of sample xid=\d+ \(it took the rest\) for good \(.*field type conflict.*\); it is set aside in its spool's influxdb\.rejected\.jsonl\n$/,
    );
    // set aside: the one field InfluxDB refused, not the sample it stored the rest of
    const setAside = JSON.parse(readFileSync(join(dir, 'spool', 'influxdb.rejected.jsonl'), 'utf8')) as {
      modules: Array<{ fields: Array<[string, unknown]> }>;
    };
    expect(setAside.modules.flatMap((m) => m.fields.map(([k]) => k))).toEqual(['mem.used_pct']);
    // the other writer's point gone, the next run is silent and its run line counts what was set aside
    await influx.query('DROP MEASUREMENT mem');
    const before = readLines(daemon.out).length;
    silent(await sample());
    await waitFor(() => readLines(daemon.out).length > before, 5000, 'the last run line');
    expect(
      readLines(daemon.out)
        .filter((l) => l.includes(' run.v='))
        .pop(),
    ).toMatch(/ run\.rejected_new=1( |$)/);

    // every sample at every receiver exactly once
    const samples = runs.length;
    const runLines = readLines(daemon.out).filter((l) => l.includes(' run.v='));
    const syslogIds = runLines.map((l) => `${/\[(\d+)\]/.exec(l)?.[1]} ${/xid=(\d+)/.exec(l)?.[1]}`);
    expect(new Set(syslogIds).size).toBe(samples);
    expect(syslogIds).toHaveLength(samples);
    await waitFor(() => got.length >= samples, 10_000, 'every run message at the subscriber');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mqttTimes = got.map((m) => m.payload.split(' ').pop());
    expect(new Set(mqttTimes).size).toBe(samples);
    expect(mqttTimes).toHaveLength(samples);
    const points = (await influx.query('SELECT count(v) FROM run')) as {
      results: Array<{ series: Array<{ values: number[][] }> }>;
    };
    // every sample's run point, the partly refused one's too (InfluxDB stored all but its mem point)
    expect(points.results[0]!.series[0]!.values[0]![1]).toBe(samples);
  }, 120_000);
});
