#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns bench/all.sh's raw measurements into its report: a text table on stdout and Markdown in a file.

Usage: report.py RAW_TSV STARTUP_REPORT MARKDOWN_OUT
RAW_TSV lines (tab-separated), written by all.sh:
  tp CASE THREADS SERVER ROUND REQ/S P50_MS P99_MS CPU_US   one throughput run (round 0 is the warm-up)
  sc WHAT SIZE ROUND REQ/S P50_MS P99_MS                    one scale run (WHAT status|ids, SIZE small|large)
  seed SIZE PROFILES SECONDS                                seeding time through POST /_mock/profiles
  dbsize SIZE BYTES                                         database file + WAL + shm after shutdown
  restart NAME MEDIAN_MS P10_MS P90_MS                      from startup.py (nginx, restart)
  restartinfo PROFILES SEED_S UNFINISHED_BEFORE UNFINISHED_AFTER BYTES
  meta KEY VALUE
Medians are over the rounds; a ratio is the median of the per-round ratios (phota-mock ÷ nginx in the
same round), so that a slow moment of the machine weighs on both sides of it alike.
"""
import statistics
import sys
from collections import defaultdict

CASES = [
    # case, endpoint, req/s target (mock/nginx ≥), CPU target (mock/nginx ≤)
    ("status", "GET /v1/phota/profiles/{id}/status", 1.0, 1.0),
    ("add", "POST /v1/phota/profiles/add (10 URLs, durable)", 0.5, None),
    ("ids", "GET /v1/phota/profiles/ids?tag= (10 ids)", None, None),
    ("generate", "POST /v1/phota/generate (bytes, 256², same body)", 0.5, None),
    ("h2status", "h2c GET …/{id}/status", 1.0, None),
    ("h2health", "h2c GET /_mock/health", 1.0, None),
]


def main():
    raw_path, startup_path, md_path = sys.argv[1:4]
    tp = defaultdict(lambda: defaultdict(dict))  # (case, threads) -> round -> server -> values
    sc = defaultdict(lambda: defaultdict(dict))  # what -> round -> size -> values
    seed, dbsize, restart, meta = {}, {}, {}, {}
    restartinfo = None
    for line in open(raw_path):
        f = line.rstrip("\n").split("\t")
        if f[0] == "tp" and f[4] != "0":
            tp[(f[1], f[2])][f[4]][f[3]] = [float(x) for x in f[5:9]]
        elif f[0] == "sc":
            sc[f[1]][f[3]][f[2]] = [float(x) for x in f[4:7]]
        elif f[0] == "seed":
            seed[f[1]] = (int(f[2]), float(f[3]))
        elif f[0] == "dbsize":
            dbsize[f[1]] = int(f[2])
        elif f[0] == "restart":
            restart[f[1]] = [float(x) for x in f[2:5]]
        elif f[0] == "restartinfo":
            restartinfo = f[1:]
        elif f[0] == "meta":
            meta[f[1]] = f[2]

    missed = []

    def verdict(value, target, higher_is_better, label):
        if target is None:
            return "—"
        ok = value >= target if higher_is_better else value <= target
        sign = "≥" if higher_is_better else "≤"
        if not ok:
            missed.append(label)
        return f"{sign} {target:.2f}× {'ok' if ok else 'MISSED'}"

    # Throughput table.
    tp_head = ["endpoint", "threads", "mock req/s", "nginx req/s", "ratio", "target",
               "p50 ms mock/nginx", "p99 ms mock/nginx", "CPU µs/req mock/nginx", "CPU ratio", "CPU target"]
    tp_rows = []
    for case, endpoint, rps_target, cpu_target in CASES:
        for threads in ("1", "2"):
            rounds = [r for r in tp.get((case, threads), {}).values() if "mock" in r and "nginx" in r]
            if not rounds:
                continue
            med = lambda server, i: statistics.median(r[server][i] for r in rounds)
            ratio = statistics.median(r["mock"][0] / r["nginx"][0] for r in rounds)
            cpu_ratio = statistics.median(r["mock"][3] / r["nginx"][3] for r in rounds if r["nginx"][3] > 0) \
                if any(r["nginx"][3] > 0 for r in rounds) else float("nan")
            label = f"{case} --threads {threads}"
            tp_rows.append([
                endpoint, threads, f"{med('mock', 0):,.0f}", f"{med('nginx', 0):,.0f}", f"{ratio:.2f}×",
                verdict(ratio, rps_target, True, label + " req/s"),
                f"{med('mock', 1):.2f} / {med('nginx', 1):.2f}", f"{med('mock', 2):.2f} / {med('nginx', 2):.2f}",
                f"{med('mock', 3):.1f} / {med('nginx', 3):.1f}", f"{cpu_ratio:.2f}×",
                verdict(cpu_ratio, cpu_target, False, label + " CPU/request"),
            ])

    # Scale table.
    sc_head = ["figure", "value", "beside", "ratio", "target"]
    sc_rows = []
    large_n = seed.get("large", (0, 0))[0]
    if seed:
        for size in ("small", "large"):
            n, s = seed[size]
            sc_rows.append([f"seeding {n:,} profiles (POST /_mock/profiles, 10 per call)", f"{s:.2f} s",
                            f"{n / s:,.0f} profiles/s" if s > 0 else "", "", "—"])
    for what, label, target in (("status", "GET …/{id}/status", None), ("ids", "GET …/ids?tag=", None)):
        rounds = [r for r in sc.get(what, {}).values() if "small" in r and "large" in r]
        if not rounds:
            continue
        med = lambda size, i: statistics.median(r[size][i] for r in rounds)
        p99_ratio = statistics.median(r["large"][2] / r["small"][2] for r in rounds)
        if what == "status":
            target = verdict(p99_ratio, 1.2, False, f"status p99 at {large_n:,} profiles")
        else:
            ok = med("large", 2) <= 1.0
            if not ok:
                missed.append(f"ids?tag= p99 at {large_n:,} profiles")
            target = f"≤ 1.00 ms {'ok' if ok else 'MISSED'}"
        sc_rows.append([f"{label} p99 at {large_n:,} profiles", f"{med('large', 2):.3f} ms",
                        f"{med('small', 2):.3f} ms at 1,000", f"{p99_ratio:.2f}×", target])
        sc_rows.append([f"{label} req/s, p50 at {large_n:,}", f"{med('large', 0):,.0f}, {med('large', 1):.3f} ms",
                        f"{med('small', 0):,.0f}, {med('small', 1):.3f} ms at 1,000", "", "—"])
    if "large" in dbsize:
        sc_rows.append([f"database file at {large_n:,} profiles", f"{dbsize['large'] / 2**20:,.1f} MiB",
                        f"{dbsize['small'] / 2**20:,.2f} MiB at 1,000", f"{dbsize['large'] / max(1, large_n):,.0f} B/profile", "—"])
    if restartinfo and "restart" in restart and "nginx" in restart:
        n, seed_s, before, after, size = restartinfo
        m, nx = restart["restart"], restart["nginx"]
        sc_rows.append([f"restart, exec → first 200, {int(n):,} unfinished profiles",
                        f"{m[0]:.2f} ms (p10 {m[1]:.2f}, p90 {m[2]:.2f})",
                        f"nginx cold start {nx[0]:.2f} ms", f"{m[0] / nx[0]:.2f}×", "—"])
        sc_rows.append([f"  seeding them (VALIDATING, QUEUING; 1,000 per call)", f"{float(seed_s):.2f} s",
                        f"unfinished: {int(before):,} before, {int(after):,} after the restarts",
                        f"{int(size) / 2**20:.1f} MiB", "—"])

    startup = open(startup_path).read().strip("\n") if startup_path else ""
    meta_lines = [f"{k}: {meta[k]}" for k in ("date", "commit", "machine", "load", "mode", "settings", "seconds") if k in meta]

    # Text.
    out = []
    out.append("phota-mock beside nginx, " + ", ".join(meta_lines[:2]))
    out += ["  " + m for m in meta_lines[2:]]
    out.append("")
    if tp_rows:
        out.append("Throughput (wrk -t1 -c64 for HTTP/1.1, h2load -c16 -m32 for h2c; medians of the rounds)")
        out += text_table(tp_head, tp_rows)
        out.append("")
    if sc_rows:
        out.append("Scale and restart")
        out += text_table(sc_head, sc_rows)
        out.append("")
    if startup:
        out.append("Cold start and memory (bench/startup.sh)")
        out += ["  " + l for l in startup.split("\n")]
        out.append("")
    out.append("MISSED: " + ("; ".join(missed) if missed else "none"))
    print("\n".join(out))

    # Markdown.
    md = ["<!-- Written by bench/all.sh; see docs/benchmarks.md. -->", ""]
    md.append("Run " + "; ".join(f"{m}" for m in meta_lines) + ".")
    md.append("")
    if tp_rows:
        md.append("**Throughput**: phota-mock beside nginx serving a static file of the same response bytes "
                  "(wrk -t1 -c64 for HTTP/1.1, h2load -c16 -m32 for h2c); medians of the interleaved rounds, "
                  "ratios phota-mock ÷ nginx.")
        md.append("")
        md += md_table(tp_head, tp_rows)
        md.append("")
    if sc_rows:
        md.append("**Scale and restart**")
        md.append("")
        md += md_table(sc_head, sc_rows)
        md.append("")
    if startup:
        md.append("**Cold start and memory** (`bench/startup.sh`)")
        md.append("")
        md += ["```", startup, "```"]
        md.append("")
    md.append("Missed: " + ("; ".join(missed) if missed else "none") + ".")
    with open(md_path, "w") as f:
        f.write("\n".join(md) + "\n")


def text_table(head, rows):
    widths = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "  " + "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    return [line(head), "  " + "  ".join("-" * w for w in widths)] + [line(r) for r in rows]


def md_table(head, rows):
    cell = lambda c: str(c).replace("|", "\\|").replace("MISSED", "**MISSED**")
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + \
        ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]


if __name__ == "__main__":
    main()
