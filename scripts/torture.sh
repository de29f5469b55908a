#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Robustness runs against the real executable (docs/robustness.md records their last results).
#
#   scripts/torture.sh durability [ROUNDS=20] [SEED=1]
#       Client threads send concurrent profile adds and async generates to a server on a file database; the
#       server gets SIGKILL at a seeded random moment 50-500 ms into the load and is restarted on the same
#       file. Every id it acknowledged (a 200 or 202 read to its last byte), in this round or any before,
#       must answer 200 with a documented, consistent status; a SUCCEEDED job's downloads must work at once (a 404 is
#       a loss); a status polled before the kill must not go back after it; the file the
#       kill left must pass `PRAGMA integrity_check`. Last, the clocks are moved an hour and everything must
#       finish. Exits 1 on any loss.
#   scripts/torture.sh connections [IDLE=10000] [HOLD_SECONDS=20]
#       IDLE keep-alive connections (each answered once, then idle) held open while one normal client keeps
#       polling a profile's status, then every idle connection asked once more, then all closed; then
#       slow headers and slow bodies (--header-timeout 1 --body-timeout 1) must get 408 and be closed.
#       Exits 1 when an idle connection is lost or a slow client is not answered 408.
#
# The server is PHOTA_MOCK_BINARY, by default the debug build .build/debug/phota-mock (built when missing).
# Needs python3 (standard library only); sqlite3 (Debian's CLI) is used when installed, Python's module if not.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
durability | connections) shift ;;
*)
    sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
    ;;
esac

export PHOTA_MOCK_BINARY="${PHOTA_MOCK_BINARY:-$PWD/.build/debug/phota-mock}"
if [ ! -x "$PHOTA_MOCK_BINARY" ]; then
    swift build --product phota-mock
fi
# Room for 10,000 client sockets in this process and as many connections in the server.
ulimit -n "$(ulimit -Hn)"

exec python3 - "$mode" "$@" <<'PYTHON'
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

BINARY = os.environ["PHOTA_MOCK_BINARY"]
PROFILE_STATUSES = {"VALIDATING", "QUEUING", "IN_PROGRESS", "READY", "ERROR"}
JOB_STATUSES = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED"}
ADD_BODY = json.dumps({
    "image_urls": [f"https://example.com/photo{i}.jpg" for i in range(1, 6)],
    "training_tier": "fast",
})


class Server:
    """phota-mock serve on 127.0.0.1, a free port, until stopped."""

    def __init__(self, args, log=os.devnull):
        with open(log, "ab") as errors:
            self.process = subprocess.Popen(
                [BINARY, "serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "error", *args],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors)
        line = self.process.stdout.readline().decode()
        marker = "listening on http://127.0.0.1:"
        if marker not in line:
            self.process.kill()
            raise SystemExit(f"phota-mock did not start: {line!r}")
        self.port = int(line.split(marker)[1])

    @property
    def pid(self):
        return self.process.pid

    def stop(self, sig):
        self.process.send_signal(sig)
        return self.process.wait()

    def descriptors(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return -1

    def resident_kib(self):
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1


def request(connection, method, target, key=None, body=None):
    """One request on a keep-alive connection: (status, headers, body bytes read to the last one)."""
    headers = {"Host": "127.0.0.1"}
    if key:
        headers["X-API-Key"] = key
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, target, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()  # raises IncompleteRead when the body is cut short
    return response.status, response.headers, data


def integrity(path):
    """`PRAGMA integrity_check` of a database file: Debian's sqlite3 CLI when installed, else Python's module."""
    if shutil.which("sqlite3"):
        run = subprocess.run(["sqlite3", path, "PRAGMA integrity_check"], capture_output=True, text=True)
        return (run.stdout.strip() or run.stderr.strip()) + " (sqlite3 CLI)"
    with sqlite3.connect(path) as db:
        return "\n".join(row[0] for row in db.execute("PRAGMA integrity_check")) + " (python sqlite3)"


# MARK: durability

def load(port, key, kind, stop, acknowledged, lock):
    """Sends adds or async generates on one keep-alive connection until `stop`; records every acknowledged id."""
    index = 0
    while not stop.is_set():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while not stop.is_set():
                index += 1
                if kind == "profile":
                    status, _, data = request(connection, "POST", "/v1/phota/profiles/add", key, ADD_BODY)
                    if status == 200:
                        with lock:
                            acknowledged.append(("profile", key, json.loads(data)["profile_id"]))
                else:
                    body = json.dumps({"prompt": f"torture {key} {index}", "async": True, "response_mode": "urls"})
                    status, _, data = request(connection, "POST", "/v1/phota/generate", key, body)
                    if status == 202:
                        with lock:
                            acknowledged.append(("job", key, json.loads(data)["job_id"]))
                if status not in (200, 202):
                    raise SystemExit(f"unexpected {status} from a {kind} request: {data[:200]!r}")
        except (OSError, http.client.HTTPException, ValueError):
            pass  # the server died mid-request: that request was not acknowledged
        finally:
            connection.close()


def check_profiles(port, profiles, problems):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    counts = {}
    for key, pid in profiles:
        status, _, data = request(connection, "GET", f"/v1/phota/profiles/{pid}/status", key)
        if status != 200:
            problems.append(f"profile {pid} ({key}): {status} {data[:200]!r}")
            continue
        body = json.loads(data)
        if body.get("profile_id") != pid or body.get("status") not in PROFILE_STATUSES:
            problems.append(f"profile {pid} ({key}): impossible body {data[:200]!r}")
        counts[body.get("status")] = counts.get(body.get("status"), 0) + 1
    connection.close()
    return counts


# How far along a status is; a status seen before a kill must not go back after it.
RANK = {"VALIDATING": 0, "QUEUING": 1, "IN_PROGRESS": 2, "READY": 3, "ERROR": 3,
        "QUEUED": 0, "RUNNING": 1, "SUCCEEDED": 2, "FAILED": 2}


def watch(port, key, stop, acknowledged, lock, seen):
    """Polls the newest acknowledged ids of `key` until `stop`, recording the last body each answered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        while not stop.is_set():
            with lock:
                recent = [(kind, i) for kind, k, i in acknowledged[-60:] if k == key][-8:]
            for kind, ident in recent:
                path = f"/v1/phota/profiles/{ident}/status" if kind == "profile" else f"/v1/phota/jobs/{ident}"
                status, _, data = request(connection, "GET", path, key)
                if status == 200:
                    seen[ident] = (key, json.loads(data))
            time.sleep(0.002)
    except (OSError, http.client.HTTPException, ValueError):
        pass
    finally:
        connection.close()


def check_seen(port, seen, problems):
    """Every state a client saw before the kill is still there or further on; a SUCCEEDED job keeps its links."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for ident, (key, before) in seen.items():
        path = f"/v1/phota/profiles/{ident}/status" if "profile_id" in before else f"/v1/phota/jobs/{ident}"
        status, _, data = request(connection, "GET", path, key)
        after = json.loads(data) if status == 200 else {}
        went_back = RANK.get(after.get("status"), -1) < RANK[before["status"]]
        if status != 200 or went_back or (RANK[before["status"]] == 3 or before["status"] in ("SUCCEEDED", "FAILED")) \
                and (after.get("status") != before["status"] or after.get("result") != before.get("result")):
            problems.append(f"{path} ({key}) was {json.dumps(before)[:400]} before the kill, "
                            f"is {status} {data[:400]!r} after")
    connection.close()
    return len(seen)


def download(connection, url, late):
    """Downloads a link once: a link a poll showed must answer at once (a 404 is also counted in `late`).
    Returns (status, content type, body)."""
    parts = urllib.parse.urlsplit(url)
    status, headers, image = request(connection, "GET", parts.path + "?" + parts.query)
    if status == 404:
        late.append(url)
    return status, headers.get("Content-Type"), image


def check_jobs(port, jobs, problems, late):
    """Polls every job, checks that its state is consistent, and downloads every SUCCEEDED job's images."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    counts, downloads = {}, 0
    for key, jid in jobs:
        status, _, data = request(connection, "GET", f"/v1/phota/jobs/{jid}", key)
        if status != 200:
            problems.append(f"job {jid} ({key}): {status} {data[:200]!r}")
            continue
        job = json.loads(data)
        state = job.get("status")
        counts[state] = counts.get(state, 0) + 1
        consistent = {
            "QUEUED": job["started_at"] is None and job["finished_at"] is None,
            "RUNNING": job["started_at"] is not None and job["finished_at"] is None,
            "SUCCEEDED": job["finished_at"] is not None and job["error"] is None and job["result"] is not None,
            "FAILED": job["finished_at"] is not None and job["result"] is None and job["error"] is not None,
        }.get(state, False)
        if job.get("job_id") != jid or state not in JOB_STATUSES or not consistent:
            problems.append(f"job {jid} ({key}): impossible body {data[:300]!r}")
            continue
        if state != "SUCCEEDED":
            continue
        urls = job["result"].get("download_urls") or []
        if not urls:
            problems.append(f"job {jid} ({key}): SUCCEEDED without download_urls")
        for url in urls:
            status, kind, image = download(connection, url, late)
            downloads += 1
            if status != 200 or kind != "image/png" or not image.startswith(b"\x89PNG\r\n"):
                problems.append(f"job {jid} ({key}): download {status} {kind} {url}")
    connection.close()
    return counts, downloads


def parallel(function, items, workers, *extra):
    """Runs function(slice, *extra) on `workers` slices of items in threads; returns the results."""
    slices = [items[i::workers] for i in range(workers)]
    results = [None] * workers
    def run(i):
        results[i] = function(*extra[:1], slices[i], *extra[1:])
    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def merge(dicts):
    total = {}
    for counts in dicts:
        for name, count in counts.items():
            total[name] = total.get(name, 0) + count
    return total


def durability(rounds=20, seed=1):
    rng = random.Random(seed)
    directory = tempfile.mkdtemp(prefix="phota-torture-")
    database = os.path.join(directory, "db.sqlite3")
    args = ["--db", database]  # the default timings: profiles and jobs are mid-flight when the kill comes
    log = os.path.join(directory, "server.log")  # every server's stderr
    keys = ["torture-a", "torture-b", "torture-c"]
    profiles, jobs = [], []
    lost = late_total = 0
    print(f"durability: {rounds} rounds, seed {seed}, {BINARY}, database {database}")
    print("round  kill_ms  acked_profiles  acked_jobs  total_profiles  total_jobs  "
          "checked_profiles  checked_jobs  downloads  integrity  seconds")
    server = Server(args, log)
    for number in range(1, rounds + 1):
        started = time.monotonic()
        stop, lock = threading.Event(), threading.Lock()
        acknowledged, seen = [], {}
        threads = []
        for key in keys:
            for kind in ("profile", "job"):
                threads.append(threading.Thread(target=load, args=(server.port, key, kind, stop, acknowledged, lock)))
            threads.append(threading.Thread(target=watch, args=(server.port, key, stop, acknowledged, lock, seen)))
        delay = rng.uniform(0.05, 0.5)
        for thread in threads:
            thread.start()
        time.sleep(delay)
        server.stop(signal.SIGKILL)
        stop.set()
        for thread in threads:
            thread.join()
        round_profiles = [(k, i) for kind, k, i in acknowledged if kind == "profile"]
        round_jobs = [(k, i) for kind, k, i in acknowledged if kind == "job"]
        profiles += round_profiles
        jobs += round_jobs

        # The files exactly as the kill left them, checked on a copy so that the restart sees them untouched.
        snapshot = os.path.join(directory, "snapshot.sqlite3")
        for suffix in ("", "-wal"):
            if os.path.exists(database + suffix):
                shutil.copyfile(database + suffix, snapshot + suffix)
        verdict = integrity(snapshot)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(snapshot + suffix):
                os.remove(snapshot + suffix)

        server = Server(args, log)
        problems = []
        if not verdict.startswith("ok "):
            problems.append(f"integrity_check: {verdict}")
        late = []
        checked_seen = check_seen(server.port, seen, problems)
        profile_counts = merge(parallel(check_profiles, profiles, 3, server.port, problems))
        job_results = parallel(check_jobs, jobs, 3, server.port, problems, late)
        job_counts = merge(result[0] for result in job_results)
        downloads = sum(result[1] for result in job_results)
        late_total += len(set(late))
        checked_profiles = sum(profile_counts.values())
        checked_jobs = sum(job_counts.values())
        print(f"{number:5}  {delay * 1000:7.0f}  {len(round_profiles):14}  {len(round_jobs):10}  {len(profiles):14}  "
              f"{len(jobs):10}  {checked_profiles:16}  {checked_jobs:12}  {downloads:9}  {verdict.split()[0]:>9}  "
              f"{time.monotonic() - started:7.2f}", flush=True)
        print(f"       profiles {profile_counts}  jobs {job_counts}  states seen before the kill rechecked "
              f"{checked_seen}  links 404 at first {len(set(late))}", flush=True)
        for problem in problems[:20]:
            print(f"       LOSS {problem}", flush=True)
        lost += len(problems)
    # Last, everything the kills interrupted must finish: each account's clock is moved on 5 s at a time, and every
    # profile must end
    # READY or ERROR and every job SUCCEEDED or FAILED (its downloads working).
    started = time.monotonic()
    moved = 0

    def advance(seconds):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for key in keys:
            status, _, data = request(connection, "POST", "/_mock/clock/advance", None,
                                      json.dumps({"seconds": seconds, "api_key": key}))
            if status != 200:
                raise SystemExit(f"clock advance: {status} {data!r}")
        connection.close()

    while True:
        problems = []
        profile_counts = merge(parallel(check_profiles, profiles, 3, server.port, problems))
        job_results = parallel(check_jobs, jobs, 3, server.port, problems, [])
        job_counts = merge(result[0] for result in job_results)
        unsettled = sum(profile_counts.get(s, 0) for s in ("VALIDATING", "QUEUING", "IN_PROGRESS")) + sum(
            job_counts.get(s, 0) for s in ("QUEUED", "RUNNING"))
        if (unsettled == 0 and not problems) or time.monotonic() - started > 300:
            break
        while moved < 3600 and time.monotonic() - started < 300:
            advance(5)
            moved += 5
    print(f"settled after the clock moved {moved} s, in {time.monotonic() - started:.2f} s: profiles {profile_counts}"
          f"  jobs {job_counts}  downloads {sum(result[1] for result in job_results)}  unsettled {unsettled}")
    for problem in problems[:20]:
        print(f"       LOSS {problem}", flush=True)
    lost += len(problems) + unsettled
    status = server.stop(signal.SIGTERM)
    final = integrity(database)
    print(f"after the last round: SIGTERM exit {status}, integrity_check {final}")
    if status != 0 or not final.startswith("ok "):
        lost += 1
    print(f"durability: {len(profiles)} profiles and {len(jobs)} jobs acknowledged over {rounds} kills, "
          f"{lost} problems; {late_total} links of SUCCEEDED jobs answered 404")
    if lost == 0:
        shutil.rmtree(directory)
    return 1 if lost else 0


# MARK: connections

def percentiles(samples):
    if not samples:
        return "no samples"
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000
    return f"n={len(ordered)} p50={pick(0.5):.2f}ms p99={pick(0.99):.2f}ms max={ordered[-1] * 1000:.2f}ms"


PHASES = ["before", "opening", "holding", "asking", "closing", "after"]


class Poller:
    """A normal client polling a profile's status on one keep-alive connection, in a process of its own (so that
    the client holding the crowd does not delay it); latencies by phase."""

    def __init__(self, port, key, profile):
        self.port, self.key, self.profile = port, key, profile
        self.shared_phase = multiprocessing.Value("i", 0)
        self.done = multiprocessing.Event()
        self.receiver, self.sender = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.get_context("fork").Process(target=self.run, daemon=True)
        self.samples, self.failures = {}, {}

    @property
    def phase(self):
        return PHASES[self.shared_phase.value]

    @phase.setter
    def phase(self, name):
        self.shared_phase.value = PHASES.index(name)

    def start(self):
        self.process.start()
        self.collector = threading.Thread(target=self.collect, daemon=True)
        self.collector.start()

    def join(self):
        self.process.join()
        self.sender.close()
        self.collector.join()

    def collect(self):
        """Takes the samples as they come (in this process), so the poller never waits on a full pipe."""
        while True:
            try:
                name, ok, seconds = self.receiver.recv()
            except EOFError:
                return
            if ok:
                self.samples.setdefault(name, []).append(seconds)
            else:
                self.failures[name] = self.failures.get(name, 0) + 1

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while not self.done.is_set():
            phase = self.phase
            start = time.monotonic()
            try:
                status, _, data = request(connection, "GET", f"/v1/phota/profiles/{self.profile}/status", self.key)
                ok = status == 200 and json.loads(data)["profile_id"] == self.profile
            except (OSError, http.client.HTTPException, ValueError):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            self.sender.send((phase, ok, time.monotonic() - start))
            time.sleep(0.01)
        connection.close()

    def report(self, phase):
        time.sleep(0.05)  # the samples already sent
        return f"{percentiles(self.samples.get(phase, []))} failures={self.failures.get(phase, 0)}"


HEALTH = b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
HEALTH_BODY = b'{"status":"ok"}'


async def read_response(reader):
    """Reads one response: (status, body); raises on a short read."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    return status, await reader.readexactly(length)


async def open_idle(port, count, batch=500):
    """Opens `count` connections, each answered once: the (reader, writer) pairs, and the failures."""
    async def one():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(HEALTH)
        status, body = await read_response(reader)
        if status != 200 or body != HEALTH_BODY:
            raise RuntimeError(f"{status} {body!r}")
        return reader, writer
    opened, failures = [], []
    for first in range(0, count, batch):
        results = await asyncio.gather(*(one() for _ in range(min(batch, count - first))), return_exceptions=True)
        for result in results:
            (failures if isinstance(result, BaseException) else opened).append(result)
    return opened, failures


async def ask_again(pairs):
    """One more request on every connection: how many were answered."""
    async def one(reader, writer):
        writer.write(HEALTH)
        status, body = await asyncio.wait_for(read_response(reader), 30)
        return status == 200 and body == HEALTH_BODY
    results = await asyncio.gather(*(one(r, w) for r, w in pairs), return_exceptions=True)
    return sum(1 for result in results if result is True)


def add_profile(port, key):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    status, _, data = request(connection, "POST", "/v1/phota/profiles/add", key, ADD_BODY)
    connection.close()
    assert status == 200, (status, data)
    return json.loads(data)["profile_id"]


async def idle_connections(count, hold):
    server = Server(["--db", ":memory:", "--max-connections", str(count + 100), "--idle-timeout", str(hold + 60)])
    key = "crowd"
    profile = add_profile(server.port, key)
    poller = Poller(server.port, key, profile)
    poller.start()
    await asyncio.sleep(1)
    baseline_fds, baseline_rss = server.descriptors(), server.resident_kib()
    print(f"idle connections: {count}, held {hold} s, {BINARY}, server pid {server.pid}")
    print(f"  before:  server fds {baseline_fds}, RSS {baseline_rss} KiB; status polls {poller.report('before')}")

    poller.phase = "opening"
    started = time.monotonic()
    pairs, failures = await open_idle(server.port, count)
    opened_in = time.monotonic() - started
    print(f"  opening: {len(pairs)} connections answered once in {opened_in:.2f} s, {len(failures)} failed"
          f"{' (' + repr(failures[0]) + ')' if failures else ''}; status polls {poller.report('opening')}")

    poller.phase = "holding"
    await asyncio.sleep(hold)
    held_fds, held_rss = server.descriptors(), server.resident_kib()
    print(f"  holding: server fds {held_fds}, RSS {held_rss} KiB "
          f"(+{(held_rss - baseline_rss) / 1024:.1f} MiB); status polls {poller.report('holding')}")

    poller.phase = "asking"
    started = time.monotonic()
    answered = await ask_again(pairs)
    print(f"  asking:  {answered}/{len(pairs)} idle connections answered a second request in "
          f"{time.monotonic() - started:.2f} s; status polls {poller.report('asking')}")

    poller.phase = "closing"
    started = time.monotonic()
    for _, writer in pairs:
        writer.close()
    await asyncio.gather(*(writer.wait_closed() for _, writer in pairs), return_exceptions=True)
    while server.descriptors() > baseline_fds + 2 and time.monotonic() - started < 30:
        await asyncio.sleep(0.05)
    print(f"  closing: server fds back to {server.descriptors()} in {time.monotonic() - started:.2f} s; "
          f"status polls {poller.report('closing')}")
    poller.phase = "after"
    await asyncio.sleep(1)
    poller.done.set()
    poller.join()
    print(f"  after:   status polls {poller.report('after')}")
    status = server.stop(signal.SIGTERM)
    print(f"  SIGTERM exit {status}")
    return 0 if not failures and answered == len(pairs) == count and status == 0 else 1


async def slow_clients(count=100, trickle=0.1):
    """`count` slow-header and `count` slow-body clients against 1 s timeouts, with a normal client polling."""
    server = Server(["--db", ":memory:", "--header-timeout", "1", "--body-timeout", "1"])
    key = "slow"
    profile = add_profile(server.port, key)
    poller = Poller(server.port, key, profile)
    poller.start()

    async def slow(kind):
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        if kind == "headers":
            # A head that never ends: one byte of a header line every `trickle` seconds.
            writer.write(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            drip = b"X-Slow: " + b"a" * 10_000
        else:
            # A whole head announcing a body that comes one byte every `trickle` seconds.
            writer.write(b"POST /v1/phota/profiles/add HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: slow\r\n"
                         b"Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n")
            drip = b" " * 10_000
        started = time.monotonic()
        read = asyncio.ensure_future(read_response(reader))
        for byte in drip:
            if read.done():
                break
            await asyncio.sleep(trickle)
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except OSError:
                break
        status, body = await asyncio.wait_for(read, 10)
        answered = time.monotonic() - started
        # The server discards what still comes for up to 2 s, then closes.
        rest = await asyncio.wait_for(reader.read(), 10)
        closed = time.monotonic() - started
        writer.close()
        code = json.loads(body).get("code") if body else None
        return status, code, answered, closed, rest

    results = {}
    started = time.monotonic()
    for kind in ("headers", "body"):
        results[kind] = await asyncio.gather(*(slow(kind) for _ in range(count)), return_exceptions=True)
    poller.done.set()
    poller.join()
    status = server.stop(signal.SIGTERM)
    bad = 0
    print(f"slow clients: {count} slow-header and {count} slow-body connections, one byte every {trickle} s, "
          f"--header-timeout 1 --body-timeout 1")
    for kind, outcomes in results.items():
        good = [o for o in outcomes if not isinstance(o, BaseException) and o[0] == 408 and o[1] == "REQUEST_TIMEOUT"
                and o[4] == b""]
        bad += len(outcomes) - len(good)
        others = [o if isinstance(o, BaseException) else o[:2] for o in outcomes if o not in good]
        answered = [o[2] for o in good]
        closed = [o[3] for o in good]
        print(f"  slow {kind:7}: {len(good)}/{len(outcomes)} got 408 REQUEST_TIMEOUT then a close; 408 after "
              f"min {min(answered, default=0):.2f} s / median {statistics.median(answered) if answered else 0:.2f} s"
              f" / max {max(answered, default=0):.2f} s; closed after max {max(closed, default=0):.2f} s"
              f"{'; others: ' + repr(others[:3]) if others else ''}")
    print(f"  status polls meanwhile: {poller.report('before')}; SIGTERM exit {status}")
    return 1 if bad or status != 0 else 0


def connections(count=10_000, hold=20):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < count + 200:
        raise SystemExit(f"the descriptor limit {hard} is too low for {count} connections")
    first = asyncio.run(idle_connections(count, hold))
    second = asyncio.run(slow_clients())
    return first or second


if __name__ == "__main__":
    mode, numbers = sys.argv[1], [int(argument) for argument in sys.argv[2:]]
    sys.exit(durability(*numbers) if mode == "durability" else connections(*numbers))
PYTHON
