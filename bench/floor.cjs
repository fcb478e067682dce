// The same-work floor of a sample: what one `flightlog sample` asks of the system, done by a Node
// program with no library and no logic. It reads the files the sample read (recorded by
// bench/record-work.cjs: /proc, /sys, all of /dev/kmsg record by record, the state file), looks for the
// ones it did not find, lists the same directories, stat()s and statfs()es the same paths, saves a state
// file of the sample's size atomically (a temporary file, fsync, rename, fsync of the directory), and
// sends the sample's lines to the syslog socket as datagrams (through unix-dgram's compiled module alone).
// A sample's cost over this floor is what flightlog's own code adds.
// usage: node floor.cjs WORK_LIST LINES_FILE STATE_SIZE SAVE_DIR UNIX_DGRAM_NODE
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [workList, linesFile, stateSize, saveDir, dgramModule] = process.argv.slice(2);
const work = JSON.parse(fs.readFileSync(workList, 'utf8'));
const buf = Buffer.allocUnsafe(65536);

function readAll(file) {
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return;
  }
  try {
    // a device (/dev/kmsg) answers EAGAIN when it has no more
    while (fs.readSync(fd, buf, 0, buf.length, null) > 0);
  } catch {
    // EAGAIN, EPIPE (a kmsg record overwritten), EINVAL (a sysfs attribute of a link that is down)
  } finally {
    fs.closeSync(fd);
  }
}

for (const file of work.reads) readAll(file);
for (const file of work.missing) {
  try {
    fs.closeSync(fs.openSync(file, 'r'));
  } catch {
    // absent, as it was for the sample
  }
}
for (const dir of work.lists) fs.readdirSync(dir);
for (const file of work.stats) {
  try {
    fs.statSync(file);
  } catch {
    // absent
  }
}
let pending = work.statfs.length;
const rest = () => {
  const state = path.join(saveDir, 'state.json');
  const tmp = `${state}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  fs.writeSync(fd, Buffer.alloc(Number(stateSize), 32));
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, state);
  const dirFd = fs.openSync(saveDir, 'r');
  fs.fsyncSync(dirFd);
  fs.closeSync(dirFd);

  const dgram = require(dgramModule);
  const socket = dgram.socket(
    dgram.AF_UNIX,
    dgram.SOCK_DGRAM,
    0,
    () => {},
    () => {},
  );
  dgram.connect(socket, '/dev/log');
  const lines = fs.readFileSync(linesFile, 'utf8').split('\n').filter(Boolean);
  const stamp = new Date().toString().slice(4, 19);
  for (const line of lines) dgram.send(socket, Buffer.from(`<165>${stamp} flightlog[${process.pid}]: ${line}`));
  dgram.close(socket);
};
if (pending === 0) rest();
for (const mount of work.statfs)
  fs.statfs(mount, () => {
    if (--pending === 0) rest();
  });
