"""Run the outlet simulator on its own until Ctrl-C or SIGTERM.

    python -m worker.simulator --port 8765 --outlets 3 --articles 50 --latency-ms 0 \\
        [--bad-cases] [--config-out DIR]

The first line printed on stdout is the base URL (other programs read it); with
--config-out, a worker config folder pointing at the simulator is written to DIR first.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from pathlib import Path

from worker.simulator.app import Simulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m worker.simulator", description="Serve simulated news outlets."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--outlets", type=int, default=3)
    parser.add_argument("--articles", type=int, default=50, help="articles per outlet")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every answer")
    parser.add_argument("--bad-cases", action="store_true", help="add the 'badcases' outlet")
    parser.add_argument("--slow-seconds", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--config-out", type=Path, help="write a worker config folder here")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    simulator = Simulator(
        args.outlets,
        args.articles,
        latency_ms=args.latency_ms,
        bad_cases=args.bad_cases,
        slow_seconds=args.slow_seconds,
        seed=args.seed,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    base = await simulator.start(args.host, args.port)
    try:
        if args.config_out is not None:
            simulator.write_config(args.config_out)
        print(base, flush=True)
        outlets = ", ".join(simulator.outlet_ids)
        print(f"serving {outlets} at {base}; Ctrl-C stops", file=sys.stderr, flush=True)
        await stop.wait()
    finally:
        await simulator.stop()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
