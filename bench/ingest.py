#!/usr/bin/env python3
"""Extraction speed: characters per second of ``luoshi.ingest.extraction.extract_facts``.

    .venv/bin/python bench/ingest.py [--size 1000000] [--runs 5] [--json var/bench/ingest.json]

The three seed texts (/work/shared/seeds, else tests/data/ingest) and the labelled texts of
tests/data/ingest are concatenated and repeated to about ``--size`` characters, then
extracted ``--runs`` times in one process (the first run also pays for OpenCC's dictionaries
and the compiled patterns, so it is reported apart). No database is involved.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from luoshi.ingest.extraction import extract_facts  # noqa: E402

SEEDS = Path("/work/shared/seeds")
DATA = ROOT / "tests" / "data" / "ingest"


def corpus(size: int) -> str:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    files += sorted(DATA.glob("*.txt"))
    block = "\n\n".join(path.read_text(encoding="utf-8") for path in files)
    return (block + "\n\n") * max(1, size // (len(block) + 2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters (default 1M)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    text = corpus(args.size)
    started = time.perf_counter()
    facts = extract_facts(text)
    cold = time.perf_counter() - started
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        extract_facts(text)
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings)
    result = {
        "characters": len(text),
        "facts": len(facts),
        "cold_seconds": round(cold, 3),
        "median_seconds": round(median, 3),
        "characters_per_second": round(len(text) / median),
        "facts_per_second": round(len(facts) / median),
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"extraction: {len(text):,} characters, {len(facts):,} facts; first run {cold:.2f} s, "
          f"median of {args.runs} runs {median:.2f} s → {result['characters_per_second']:,} "
          f"characters/s ({result['facts_per_second']:,} facts/s)")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
