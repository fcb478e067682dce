import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog } from './cli';
import { hasInfluxd, startInfluxd, type Influx } from './influxdb';
import mqtt from 'mqtt';
import { freePort, hasMosquitto, startBroker, type Broker } from './mosquitto';

let server: Influx | undefined;
let cleanup = (): void => {};
afterEach(async () => {
  await server?.stop();
  server = undefined;
  cleanup();
});

type Series = { results: Array<{ series?: Array<{ name: string; columns: string[]; values: unknown[][] }> }> };

function setup(influxConfig: string, root = fixtureRoot('basic', 't1')): { dir: string; args: string[] } {
  const tmp = tempDir('fli');
  cleanup = tmp.cleanup;
  const config = join(tmp.dir, 'flightlog.yaml');
  writeFileSync(config, `influxdb: ${influxConfig}\n`);
  return {
    dir: tmp.dir,
    args: [
      'sample',
      '--config',
      config,
      '--state',
      join(tmp.dir, 'state.json'),
      '--root',
      root,
      '--first-interval',
      '0',
      '--output',
      'influxdb,json',
    ],
  };
}

describe('influxdb output into a real InfluxDB 1.x', () => {
  it('writes samples that query back with the same values, spools while the server is down, and delivers once when it is back', async () => {
    if (!hasInfluxd()) throw new Error('influxd is not installed: apt-get install influxdb');
    const tmp = tempDir('flx');
    try {
      server = await startInfluxd(tmp.dir);
      await server.query('CREATE DATABASE flightlog');
      const port = Number(new URL(server.url).port);
      const { dir, args } = setup(`{url: "${server.url}", db: flightlog, timeout: 2}`);
      const first = await flightlog(args);
      expect(first.status, first.stderr).toBe(0);
      const json = JSON.parse(first.stdout) as { xid: number; time: string; values: Record<string, number> };
      const mem = (await server.query('SELECT * FROM mem')) as Series;
      const row = mem.results[0]!.series![0]!;
      const value = (col: string): unknown => row.values[0]![row.columns.indexOf(col)];
      expect(row.values).toHaveLength(1);
      // the sample's own time, to the millisecond (InfluxDB drops trailing zeros of the fraction)
      expect(value('time')).toBe(influxTime(json.time));
      expect(value('host')).toBe('fixture-host');
      expect(value('total_bytes')).toBe(json.values['mem.total_bytes']);
      expect(value('used_pct')).toBe(37.5);

      await server.stop();
      const down = await flightlog(args);
      // the json output took the sample (exit 0); influxdb alone keeps it for later
      expect(down.status).toBe(0);
      // at once, on the refused connection (not its 2 s time limit, "no answer in 2 s")
      expect(down.stderr).toMatch(
        /output influxdb failed: http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.*; 1 sample\(s\) wait in its spool/,
      );

      server = await startInfluxd(tmp.dir, port);
      const up = await flightlog(args);
      expect(up.status, up.stderr).toBe(0);
      const times = (await server.query('SELECT total_bytes FROM mem')) as Series;
      expect(times.results[0]!.series![0]!.values).toHaveLength(3);
      expect(existsSync(join(dir, 'spool', 'influxdb.jsonl'))).toBe(false);
    } finally {
      tmp.cleanup();
    }
  }, 60_000);
});

describe('influxdb output behind a proxy that limits bodies', () => {
  it('sends a backlog again in halves on 413, down to one sample: every sample once, a silent exit 0', async () => {
    if (!hasInfluxd()) throw new Error('influxd is not installed: apt-get install influxdb');
    const tmp = tempDir('flx');
    // a proxy in front of the real InfluxDB that refuses a body over `limit` bytes, as nginx's client_max_body_size does
    let limit = -1;
    const sizes: number[] = [];
    const proxy = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', async () => {
        const body = Buffer.concat(chunks);
        if (limit < 0) {
          res.writeHead(503).end('down for maintenance');
          return;
        }
        if (body.length > limit) {
          res.writeHead(413).end('<html>413 Request Entity Too Large</html>');
          return;
        }
        sizes.push(body.length);
        const answer = await fetch(new URL(req.url ?? '/', server!.url), { method: 'POST', body });
        res.writeHead(answer.status).end(await answer.text());
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    try {
      server = await startInfluxd(tmp.dir);
      await server.query('CREATE DATABASE flightlog');
      const { dir, args } = setup(`{url: "http://127.0.0.1:${port}", db: flightlog, timeout: 10}`);
      // five samples wait in the spool while the proxy answers 503
      for (let i = 0; i < 5; i++) expect((await flightlog(args)).status).toBe(0);
      // then the proxy takes one sample's body (about 1.3 KB here) but not two
      limit = 2000;
      const up = await flightlog(args);
      expect(up.status, up.stderr).toBe(0);
      expect(up.stderr).toBe('');
      expect(Math.max(...sizes)).toBeLessThanOrEqual(limit);
      const runs = (await server.query('SELECT count(v) FROM run')) as Series;
      expect(runs.results[0]!.series![0]!.values[0]![1]).toBe(6);
      expect(existsSync(join(dir, 'spool', 'influxdb.jsonl'))).toBe(false);
    } finally {
      proxy.close();
      tmp.cleanup();
    }
  }, 60_000);
});

/** An ISO time as InfluxDB prints it back: the fraction without trailing zeros, none when it is zero. */
const influxTime = (iso: string): string => iso.replace(/\.(\d*?)0*Z$/, (_, f: string) => (f === '' ? 'Z' : `.${f}Z`));

describe('line protocol as consumers read it by default (nanoseconds)', () => {
  it("the influx output posted to /write with no precision lands at the sample's time, two samples in one second and two events of a kind apart", async () => {
    if (!hasInfluxd()) throw new Error('influxd is not installed: apt-get install influxdb');
    const tmp = tempDir('flx');
    try {
      server = await startInfluxd(tmp.dir);
      await server.query('CREATE DATABASE flightlog');
      const { args } = setup('{url: "http://127.0.0.1:1"}');
      const state = args[args.indexOf('--state') + 1]!;
      const times: string[] = [];
      for (let i = 0; i < 2; i++) {
        // two crash reports of one program: two events of one module and kind in one sample
        for (const _ of [1, 2]) expect((await flightlog(['event', 'crash', 'myapp', '--state', state])).status).toBe(0);
        const ran = await flightlog([...args.slice(0, -1), 'influx,json']);
        expect(ran.status, ran.stderr).toBe(0);
        const [protocol, json] = [
          ran.stdout
            .split('\n')
            .filter((l) => !l.startsWith('{'))
            .join('\n'),
          ran.stdout.split('\n').find((l) => l.startsWith('{'))!,
        ];
        times.push((JSON.parse(json) as { time: string }).time);
        // as Telegraf's inputs.exec passes it on, with InfluxDB's default precision
        const posted = await fetch(`${server.url}/write?db=flightlog`, { method: 'POST', body: protocol });
        expect(posted.status, await posted.text()).toBe(204);
      }
      const mem = (await server.query('SELECT total_bytes FROM mem')) as Series;
      expect(mem.results[0]!.series![0]!.values.map((v) => v[0])).toEqual(times.map(influxTime));
      const crashes = (await server.query(`SELECT * FROM event WHERE kind = 'crash'`)) as Series;
      expect(crashes.results[0]!.series![0]!.values).toHaveLength(4);
    } finally {
      tmp.cleanup();
    }
  }, 60_000);
});

describe("what the mqtt output publishes, as Telegraf's mqtt_consumer passes it on", () => {
  it("lands in InfluxDB at the sample's own time when posted to /write with no precision", async () => {
    if (!hasInfluxd() || !hasMosquitto())
      throw new Error('influxd and mosquitto are needed: apt-get install influxdb mosquitto');
    const tmp = tempDir('flx');
    let broker: Broker | undefined;
    try {
      server = await startInfluxd(tmp.dir);
      await server.query('CREATE DATABASE flightlog');
      broker = await startBroker(tmp.dir, { kind: 'anonymous' });
      const sub = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { reconnectPeriod: 0 });
      const payloads: string[] = [];
      sub.on('message', (topic, payload) => {
        if (topic.endsWith('/mem')) payloads.push(payload.toString());
      });
      await sub.subscribeAsync('flightlog/#', { qos: 1 });
      const { args } = setup(`{url: "http://127.0.0.1:1"}`);
      writeFileSync(join(tmp.dir, 'mqtt.yaml'), `mqtt: {url: "mqtt://127.0.0.1:${broker.port}"}\n`);
      const at = args.indexOf('--config');
      const ran = await flightlog([
        ...args.slice(0, at + 1),
        join(tmp.dir, 'mqtt.yaml'),
        ...args.slice(at + 2, -1),
        'mqtt,json',
      ]);
      expect(ran.status, ran.stderr).toBe(0);
      const deadline = Date.now() + 5000;
      while (payloads.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await sub.endAsync();
      expect(payloads.length).toBeGreaterThan(0);
      const posted = await fetch(`${server.url}/write?db=flightlog`, { method: 'POST', body: payloads[0]! });
      expect(posted.status, await posted.text()).toBe(204);
      const mem = (await server.query('SELECT total_bytes FROM mem')) as Series;
      expect(mem.results[0]!.series![0]!.values[0]![0]).toBe(
        influxTime((JSON.parse(ran.stdout) as { time: string }).time),
      );
    } finally {
      await broker?.stop();
      tmp.cleanup();
    }
  }, 60_000);
});

describe('influxdb output to a 2.x API', () => {
  it('posts line protocol to /api/v2/write with the org, the bucket and the token of a root-only file', async () => {
    const got: Array<{ url: string; auth: string; body: string }> = [];
    const fake = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (d: Buffer) => {
        body += d.toString();
      });
      req.on('end', () => {
        got.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body });
        res.writeHead(204).end();
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => fake.listen(port, '127.0.0.1', resolve));
    try {
      const tmpToken = tempDir('flt');
      const token = join(tmpToken.dir, 'influx.token');
      writeFileSync(token, 'tok-123==\n', { mode: 0o600 });
      const { args } = setup(`{url: "http://127.0.0.1:${port}", org: acme, bucket: fleet, token_file: ${token}}`);
      const ran = await flightlog(args);
      tmpToken.cleanup();
      expect(ran.status, ran.stderr).toBe(0);
      expect(got).toHaveLength(1);
      expect(got[0]!.url).toBe('/api/v2/write?org=acme&bucket=fleet&precision=ns');
      expect(got[0]!.auth).toBe('Token tok-123==');
      expect(got[0]!.body.split('\n').find((l) => l.startsWith('mem,'))).toMatch(
        /^mem,host=fixture-host total_bytes=4096000000,.* \d+$/,
      );
    } finally {
      fake.close();
    }
  });

  it('is a usage error without an org and a token file', async () => {
    const { args } = setup('{url: "http://127.0.0.1:1", bucket: fleet}');
    const ran = await flightlog(args);
    expect(ran.status).toBe(2);
    expect(ran.stderr).toBe('flightlog: influxdb: an InfluxDB 2.x bucket needs org and token_file too\n');
  });
});
