"""Crawl benchmark: the worker against bare aiohttp fetching, on the outlet simulator.

    .venv/bin/python bench/crawl.py [--outlets 20 --articles 500 --latency-ms 20]
                                    [--concurrency 32] [--baseline-only]

1. Starts `python -m worker.simulator` in a subprocess (with --config-out), and writes the
   worker.yaml the crawl uses: the repo's config/worker.yaml with fetch.concurrency,
   fetch.per_host and frontier.fetch_tasks set to --concurrency (all outlets are one host),
   no politeness delay, the loopback address allowed, and a bench-only Redis prefix.
2. Baseline: bench/bare_fetch.py fetches every article URL of the simulator with one
   aiohttp ClientSession at the same concurrency, reading the bodies.
3. Worker: `python -m worker crawl --once` with WORKER_CONFIG and REDIS_URL (default
   redis://127.0.0.1:6379/14); the prefix's keys are deleted before and after.

Each child is measured on its own with os.wait4 (its user+sys CPU and peak RSS) and by
wall time; the simulator's own CPU is shown apart. Prints a table with the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
import yaml

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "nwbench"


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu: float  # user + sys of the child
    peak_mb: float
    returncode: int
    output: str


def run_child(cmd: list[str], env: dict[str, str], log: Path, timeout: float) -> Run:
    """Run `cmd` to its end; measure it alone with os.wait4."""
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Run(
        seconds=seconds,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        returncode=proc.returncode,
        output=log.read_text("utf-8", errors="replace"),
    )


def start_simulator(
    args: argparse.Namespace, config_dir: Path
) -> tuple[subprocess.Popen[str], str]:
    cmd = [
        sys.executable, "-m", "worker.simulator", "--port", "0",
        "--outlets", str(args.outlets), "--articles", str(args.articles),
        "--latency-ms", str(args.latency_ms), "--config-out", str(config_dir),
    ]  # fmt: skip
    log = (config_dir.parent / "simulator.log").open("w")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
    log.close()  # the child has its own copy
    assert proc.stdout is not None
    base = proc.stdout.readline().strip()
    if not base.startswith("http://"):
        proc.kill()
        raise SystemExit(f"the simulator did not start (exit code {proc.wait()})")
    return proc, base


def write_worker_yaml(config_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    settings: dict[str, Any] = yaml.safe_load((ROOT / "config" / "worker.yaml").read_text("utf-8"))
    settings["redis"] = {"url": args.redis_url, "prefix": PREFIX}
    settings["outlets"] = "all"
    settings["fetch"].update(concurrency=args.concurrency, per_host=args.concurrency)
    # the simulator is one host on 127.0.0.1: no politeness delay, loopback allowed
    settings["fetch"].update(delay="0s", allow_private=True, pause_after=1000)
    settings["frontier"]["fetch_tasks"] = args.concurrency
    text = yaml.safe_dump(settings, sort_keys=False)
    (config_dir / "worker.yaml").write_text(text, "utf-8")
    return settings


def sim_stats(base: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{base}/_sim/stats", timeout=10) as response:
        result: dict[str, Any] = json.load(response)
        return result


def clean_redis(client: redis.Redis) -> int:
    keys = list(client.scan_iter(match="{" + PREFIX + "}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.unlink(*keys[start : start + 500])
    return len(keys)


def row(name: str, pages: float, run: Run) -> list[str]:
    return [
        name,
        f"{pages:.0f}",
        f"{run.seconds:.2f}",
        f"{pages / run.seconds:.0f}",
        f"{1000 * run.cpu / max(pages, 1):.3f}",
        f"{run.peak_mb:.0f}",
    ]


def print_table(rows: list[list[str]]) -> None:
    header = ["", "pages", "seconds", "pages/s", "CPU s/1000 pages", "peak MB"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for line in [header, *rows]:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        print("  ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description="Crawl benchmark on the outlet simulator.")
    parser.add_argument("--outlets", type=int, default=20)
    parser.add_argument("--articles", type=int, default=500, help="per outlet")
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="per child, seconds")
    parser.add_argument("--baseline-only", action="store_true")
    args = parser.parse_args()
    outlet_ids = [f"sim{i:02d}" for i in range(1, args.outlets + 1)]

    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        tmpdir = Path(tmp)
        config_dir = tmpdir / "config"
        simulator, base = start_simulator(args, config_dir)
        try:
            write_worker_yaml(config_dir, args)
            print(
                f"simulator {base}: {args.outlets} outlets x {args.articles} articles, "
                f"latency {args.latency_ms:g} ms; concurrency {args.concurrency}",
                flush=True,
            )
            env = {**os.environ, "PYTHONUNBUFFERED": "1"}
            before = sim_stats(base)
            baseline = run_child(
                [
                    sys.executable,
                    str(ROOT / "bench" / "bare_fetch.py"),
                    "--base",
                    base,
                    "--outlets",
                    ",".join(outlet_ids),
                    "--concurrency",
                    str(args.concurrency),
                    "--per-host",
                    str(args.concurrency),
                ],  # fmt: skip
                env,
                tmpdir / "baseline.log",
                args.timeout,
            )
            after = sim_stats(base)
            if baseline.returncode != 0:
                raise SystemExit(f"baseline failed:\n{baseline.output[-3000:]}")
            result = json.loads(baseline.output.strip().splitlines()[-1])
            rows = [row("baseline", result["pages"], baseline)]
            notes = [
                f"baseline: {result['pages']:.0f} pages, {result['errors']:.0f} errors, "
                f"{result['bytes'] / 1e6:.1f} MB; simulator CPU "
                f"{after['cpu_seconds'] - before['cpu_seconds']:.2f} s"
            ]
            if not args.baseline_only:
                rows += run_worker(args, base, config_dir, tmpdir, env, baseline, notes)
        finally:
            simulator.terminate()
            simulator.wait(timeout=30)
    print()
    print_table(rows)
    for note in notes:
        print(note)


def run_worker(
    args: argparse.Namespace,
    base: str,
    config_dir: Path,
    tmpdir: Path,
    env: dict[str, str],
    baseline: Run,
    notes: list[str],
) -> list[list[str]]:
    client = redis.Redis.from_url(args.redis_url)
    try:
        clean_redis(client)
        env = {
            **env,
            "WORKER_CONFIG": str(config_dir),
            "REDIS_URL": args.redis_url,
            "WORKER_REDIS_PREFIX": PREFIX,
        }
        before = sim_stats(base)
        run = run_child(
            [sys.executable, "-m", "worker", "crawl", "--once"],
            env,
            tmpdir / "worker.log",
            args.timeout,
        )
        after = sim_stats(base)
        if run.returncode != 0:
            raise SystemExit(f"worker failed ({run.returncode}):\n{run.output[-3000:]}")
        items = client.xlen("{" + PREFIX + "}:items")
        dead = client.xlen("{" + PREFIX + "}:dead")
    finally:
        clean_redis(client)
        client.close()
    pages = after["by_kind"].get("article", 0) - before["by_kind"].get("article", 0)
    expected = args.outlets * args.articles
    notes.append(
        f"worker: {pages} article requests, {items} items published (expected {expected}), "
        f"{dead} dead; simulator CPU {after['cpu_seconds'] - before['cpu_seconds']:.2f} s"
    )
    worker_row = row("worker", pages, run)
    baseline_pages = float(json.loads(baseline.output.strip().splitlines()[-1])["pages"])
    ratio = [
        "worker/baseline",
        f"{pages / max(baseline_pages, 1):.2f}",
        f"{run.seconds / baseline.seconds:.2f}",
        f"{(pages / run.seconds) / (baseline_pages / baseline.seconds):.2f}",
        f"{(run.cpu / max(pages, 1)) / (baseline.cpu / max(baseline_pages, 1)):.2f}",
        f"{run.peak_mb / baseline.peak_mb:.2f}",
    ]
    return [worker_row, ratio]


if __name__ == "__main__":
    main()
