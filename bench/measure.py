#!/usr/bin/env python3
"""Runs one command and prints its cost as JSON: wall ms, CPU ms (user + system) and peak RSS KiB,
from wait4(2)'s rusage of that child alone (no helper process in between). Its stdout and stderr are a
pipe, as cron gives them (cron mails what comes through it), drained here."""
import json, os, sys, time

argv = sys.argv[1:]
devnull = os.open(os.devnull, os.O_RDWR)
out, into = os.pipe()
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(devnull, 0); os.dup2(into, 1); os.dup2(into, 2)
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
os.close(into)
while os.read(out, 65536):
    pass
_, status, usage = os.wait4(pid, 0)
wall = (time.perf_counter() - start) * 1000
print(json.dumps({"wall_ms": wall, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000, "rss_kib": usage.ru_maxrss,
                  "status": os.waitstatus_to_exitcode(status)}))
