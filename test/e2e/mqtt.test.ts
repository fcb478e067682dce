import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog } from './cli';
import { freePort, hasMosquitto, startBroker, type Broker, type BrokerMode } from './mosquitto';

let broker: Broker | undefined;
let cleanup = (): void => {};
afterEach(async () => {
  await broker?.stop();
  broker = undefined;
  cleanup();
});

interface Received {
  topic: string;
  payload: string;
}

/** A subscriber on flightlog/#: the messages it has received so far. */
async function subscribe(
  url: string,
  options: mqtt.IClientOptions = {},
): Promise<{ got: Received[]; end: () => Promise<void> }> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...options });
  const got: Received[] = [];
  client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  await client.subscribeAsync('flightlog/#', { qos: 1 });
  return { got, end: () => client.endAsync() };
}

async function until(ok: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function setup(mqttConfig: string): { dir: string; args: string[] } {
  if (!hasMosquitto()) throw new Error('mosquitto is not installed: apt-get install mosquitto mosquitto-clients');
  const tmp = tempDir('flq');
  cleanup = tmp.cleanup;
  const config = join(tmp.dir, 'flightlog.yaml');
  writeFileSync(config, `outputs: [mqtt]\nmqtt: ${mqttConfig}\n`);
  return {
    dir: tmp.dir,
    args: [
      'sample',
      '--config',
      config,
      '--state',
      join(tmp.dir, 'state.json'),
      '--root',
      fixtureRoot('basic', 't1'),
      '--first-interval',
      '0',
    ],
  };
}

/** The modules that write a line for the basic fixture sampled twice at the same uptime (no rates): one message each. */
const MODULES = ['run', 'host', 'cpu', 'load', 'mem', 'net', 'fs', 'temp', 'app', 'health'];

async function deliversEverySample(
  mode: BrokerMode,
  url: (port: number) => string,
  extra: (dir: string) => string,
  subOptions: (dir: string) => mqtt.IClientOptions = () => ({}),
): Promise<void> {
  const tmp = tempDir('flb');
  const brokerDir = tmp.dir;
  broker = await startBroker(brokerDir, mode);
  const { args } = setup(`{url: "${url(broker.port)}", timeout: 5${extra(brokerDir)}}`);
  const sub = await subscribe(url(broker.port), subOptions(brokerDir));
  try {
    for (let i = 0; i < 3; i++) {
      const ran = await flightlog(args);
      // a run that delivered everything is silent (cron mails whatever it prints)
      expect(ran.status, ran.stderr).toBe(0);
      expect(ran.stderr).toBe('');
    }
    // the first run of a boot also writes the inventory
    const first = [...MODULES.slice(0, -1), 'inventory', 'health'];
    await until(() => sub.got.length >= 3 * MODULES.length + 1);
    expect(sub.got.map((m) => m.topic)).toEqual(
      [first, MODULES, MODULES].flatMap((modules) => modules.map((m) => `flightlog/fixture-host/${m}`)),
    );
    expect(sub.got.find((m) => m.topic.endsWith('/mem'))?.payload).toMatch(
      /^mem,host=fixture-host total_bytes=4096000000,free_bytes=1024000000,.* \d+$/,
    );
  } finally {
    await sub.end();
    tmp.cleanup();
  }
}

describe('mqtt output into a real Mosquitto', () => {
  it('delivers every module of every sample, anonymously', async () => {
    await deliversEverySample(
      { kind: 'anonymous' },
      (p) => `mqtt://127.0.0.1:${p}`,
      () => '',
    );
  });

  it('delivers with a user and password from a root-only file, and refuses a file others can read', async () => {
    const tmp = tempDir('flc');
    const cred = join(tmp.dir, 'mqtt.cred');
    writeFileSync(cred, 'flightlog:s3cret:x\n', { mode: 0o600 });
    try {
      await deliversEverySample(
        { kind: 'password', user: 'flightlog', password: 's3cret:x' },
        (p) => `mqtt://127.0.0.1:${p}`,
        () => `, credentials: ${cred}`,
        () => ({ username: 'flightlog', password: 's3cret:x' }),
      );
      chmodSync(cred, 0o644);
      const { args } = setup(`{url: "mqtt://127.0.0.1:1", credentials: ${cred}}`);
      const ran = await flightlog(args);
      expect(ran.status).toBe(2);
      expect(ran.stderr).toBe(
        `flightlog: mqtt.credentials: ${cred} is open to group or others (mode 0644); fix: chmod 600 ${cred}\n`,
      );
    } finally {
      tmp.cleanup();
    }
  });

  it('delivers over TLS, checking the broker against the CA file', async () => {
    await deliversEverySample(
      { kind: 'tls' },
      (p) => `mqtts://127.0.0.1:${p}`,
      (dir) => `, ca: ${join(dir, 'ca.pem')}`,
      (dir) => ({ ca: readFileSync(join(dir, 'ca.pem')) }),
    );
  });

  it("publishes the sample's events as one more message, on flightlog/<host>/events", async () => {
    const tmp = tempDir('flb');
    broker = await startBroker(tmp.dir, { kind: 'anonymous' });
    const { args } = setup(`{url: "mqtt://127.0.0.1:${broker.port}"}`);
    const sub = await subscribe(`mqtt://127.0.0.1:${broker.port}`);
    try {
      const state = args[args.indexOf('--state') + 1]!;
      expect((await flightlog(['event', 'note', 'disk', 'replaced', '--state', state])).status).toBe(0);
      expect((await flightlog(args)).status).toBe(0);
      await until(() => sub.got.some((m) => m.topic.endsWith('/events')));
      expect(sub.got.find((m) => m.topic === 'flightlog/fixture-host/events')?.payload).toMatch(
        /^event,host=fixture-host,module=app,kind=note text="disk replaced",uid=0,reported="[^"]+" \d+$/,
      );
    } finally {
      await sub.end();
      tmp.cleanup();
    }
  });

  it('gives up on a stopped broker at once, spools, and delivers the spooled sample first when it is back, each once', async () => {
    const port = await freePort();
    const { dir, args } = setup(`{url: "mqtt://127.0.0.1:${port}", timeout: 2}`);
    const down = await flightlog(args);
    expect(down.status).toBe(3);
    // at once: on the refused connection, not on its 2 s time limit (that failure says "did not answer")
    expect(down.stderr).toMatch(
      /output mqtt failed: mqtt:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED .*; 1 sample\(s\) wait in its spool/,
    );
    const spooled = JSON.parse(readFileSync(join(dir, 'spool', 'mqtt.jsonl'), 'utf8')) as {
      xid: number;
      timeMs: number;
      modules: Array<{ fields: Array<[string, unknown]> }>;
    };

    broker = await startBroker(dir, { kind: 'anonymous' }, port);
    const sub = await subscribe(`mqtt://127.0.0.1:${port}`);
    try {
      const up = await flightlog(args);
      expect(up.status, up.stderr).toBe(0);
      expect(up.stderr).toBe('');
      // the spooled first run of the boot carries the inventory too
      await until(() => sub.got.length >= 2 * MODULES.length + 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const runs = sub.got.filter((m) => m.topic.endsWith('/run')).map((m) => m.payload);
      expect(runs).toHaveLength(2);
      // the spooled sample (the first run: run.first=1) comes first, the new one (run.first=0) after
      expect(runs[0]).toMatch(/,first=1,/);
      // line protocol in ns, from the sample's own time
      expect(runs[0]!.endsWith(` ${spooled.timeMs}000000`)).toBe(true);
      expect(runs[1]).toMatch(/,first=0,/);
      expect(sub.got).toHaveLength(2 * MODULES.length + 1);
      expect(existsSync(join(dir, 'spool', 'mqtt.jsonl'))).toBe(false);
    } finally {
      await sub.end();
    }
  });

  it('ends within its bound when a broker takes the connection and never answers', async () => {
    const silent: Server = createServer(() => {}).listen(0, '127.0.0.1');
    await new Promise((resolve) => silent.once('listening', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const { args } = setup(`{url: "mqtt://127.0.0.1:${port}", timeout: 1.5}`);
      const ran = await flightlog(args);
      expect(ran.status).toBe(3);
      // ended by its own deadline (1.5 s), which the message names, not by the test's
      expect(ran.stderr).toMatch(
        /output mqtt failed: mqtt:\/\/127\.0\.0\.1:\d+: (the broker did not answer in 1500 ms|connack timeout)/i,
      );
    } finally {
      silent.close();
    }
  });
});
