#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Cold start, exec to first 200, for several servers in interleaved rounds.

Usage: startup.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]
COMMAND is a shell command with {port} where the server's port goes; each one must serve
GET {path} (the PATH environment of the spec, `NAME=PATH|COMMAND` to give one) with a 200.
Every round starts each server once, in order, on a fresh port: the time from fork to the
first complete 200 answer is taken (connect attempts every 100 µs), then the server gets
SIGTERM and is waited for. Prints one line per server: name, median, p10, p90 in ms.
"""
import os
import signal
import socket
import statistics
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_200(port, path, deadline):
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: startup\r\nConnection: close\r\n\r\n").encode()
    while time.perf_counter() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(request)
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if data.startswith(b"HTTP/1.1 200"):
                    return True
        except OSError:
            pass
        time.sleep(0.0001)
    return False


def run_once(command, path):
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(command.format(port=port), shell=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    ok = first_200(port, path, started + 10)
    elapsed = (time.perf_counter() - started) * 1000
    os.killpg(process.pid, signal.SIGTERM)
    process.wait()
    if not ok:
        raise SystemExit(f"no 200 within 10 s from: {command}")
    return elapsed


def main():
    rounds = int(sys.argv[1])
    specs = []
    for arg in sys.argv[2:]:
        name, rest = arg.split("=", 1)
        path, command = rest.split("|", 1) if "|" in rest else ("/", rest)
        specs.append((name, path, command))
    times = {name: [] for name, _, _ in specs}
    for _ in range(rounds):
        for name, path, command in specs:
            times[name].append(run_once(command, path))
    for name, _, _ in specs:
        values = sorted(times[name])
        p10 = values[max(0, len(values) // 10)]
        p90 = values[min(len(values) - 1, len(values) * 9 // 10)]
        print(f"{name} {statistics.median(values):.2f} {p10:.2f} {p90:.2f}")


if __name__ == "__main__":
    main()
