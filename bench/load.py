"""What bench/run.py measures with: locust and what it recorded; how busy the cores were."""

import csv
import json
import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import harness
from harness import ROOT, say

SETTLE_BUSY = 0.25  # wait (a while) for other work to finish when the CPU is busier than this
LOCUST = ROOT / "bench" / ".venv" / "bin" / "locust"  # apart: gevent, Flask, a requests
LOGIN_ALLOWANCE_S = 240  # locust's outer bound: logging twenty people in, on a busy machine


def cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine since boot; idle and iowait are not busy."""
    fields = [float(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4], sum(fields)


def cpu_busy(before: tuple[float, float]) -> float | None:
    """How busy the cores have been since `before` (cpu_times()), a fraction of their time."""
    after = cpu_times()
    return (after[0] - before[0]) / (after[1] - before[1]) if after[1] > before[1] else None


def cpu_settle(settle_s: float) -> float | None:
    """Wait a while for other work to leave the cores; how busy the machine last was."""
    deadline = time.monotonic() + settle_s
    while True:
        before = cpu_times()
        time.sleep(3)
        busy = cpu_busy(before)
        if busy is None or busy <= SETTLE_BUSY or time.monotonic() >= deadline:
            return busy
        say(f"the CPU is {busy:.0%} busy with other work: waiting for it to settle")
        time.sleep(7)


def locust_run(base_url: str, out: Path, accounts: dict, measure_s: int, **config) -> dict:
    """bench/locustfile.py, one person an account of `accounts` (kind -> names), `config` its
    other settings; what its processes recorded, their lists merged."""
    out.mkdir(exist_ok=True)
    settings = {"accounts": accounts, "out_dir": str(out), "measure_s": measure_s}
    (out / "config.json").write_text(json.dumps({**settings, **config}))
    people = sum(map(len, accounts.values()))
    command = [
        str(LOCUST), f"--locustfile={ROOT / 'bench' / 'locustfile.py'}", "--headless",
        # People arrive over seconds: twenty log-ins at once only measure password hashing.
        f"--users={people}", f"--spawn-rate={20 if 'cookies' in config else 2}",
        f"--host={base_url}", f"--run-time={measure_s + LOGIN_ALLOWANCE_S}s",
        f"--csv={out / 'locust'}", "--only-summary", "--stop-timeout=10", "--loglevel=WARNING",
        "--exit-code-on-error=0",  # failed requests are figures, not a broken run
    ]  # fmt: skip
    say(f"locust: {people} people, {measure_s} s measured after they have all arrived")
    env = {**os.environ, "BENCH_CONFIG": str(out / "config.json")}
    if (code := subprocess.run(command, cwd=ROOT, env=env).returncode) != 0:
        raise harness.RunBroken(f"locust failed (exit {code})")
    found = {"acked": [], "sent": [], "setup_errors": [], "timing": [], "windows": []}
    for path in sorted(out.glob("people-*.json")):
        found["windows"].append(window := json.loads(path.read_text()))
        for key in ("acked", "sent", "setup_errors", "timing"):
            found[key] += window[key]
    return found


@dataclass
class Row:
    requests: int = 0
    failures: int = 0
    rps: float = 0.0
    p50: float | None = None
    p95: float | None = None
    server: list[float] = field(default_factory=list)
    db: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        return statistics.median(values) if (values := getattr(self, name)) else None

    def query_range(self) -> str:
        low, high = min(self.queries, default=None), max(self.queries, default=None)
        return "–" if low is None else str(low) if low == high else f"{low}–{high}"


def csv_read(path: Path) -> list[dict]:
    return list(csv.DictReader(path.read_text().splitlines())) if path.exists() else []


def rows_read(out: Path, people: dict) -> dict[str, Row]:
    rows = {}
    for r in csv_read(out / "locust_stats.csv"):
        p50, p95 = (None if r[k] in ("", "N/A") else float(r[k]) for k in ("50%", "95%"))
        counts = int(r["Request Count"]), int(r["Failure Count"]), float(r["Requests/s"])
        rows["total" if r["Name"] == "Aggregated" else r["Name"]] = Row(*counts, p50, p95)
    for name, server_ms, db_ms, queries in people["timing"]:
        if row := rows.get(name):
            row.server.append(server_ms), row.db.append(db_ms), row.queries.append(queries)
    return rows


def ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def verdict(value: float | None, target: float) -> str:
    if value is not None and value <= target:
        return "met"
    return "**missed**" + ("" if value is None else f" (by {(value / target - 1) * 100:.0f} %)")
