"""A longer fuzz run of the decoder and validator, for ``make fuzz``.

With atheris importable (``.venv/bin/pip install atheris``; not a project dependency) it runs
coverage-guided libFuzzer over ``engine.validation.check_bytes``, seeded with real documents,
mutated with a custom mutator as well as libFuzzer's own. Without atheris it runs the hypothesis
property of ``tests/engine/test_fuzz.py`` with many more examples. Either way only
``CocreateError`` subclasses or problem lists may come out, each call under 2 s.

    python tests/fuzz_decoder.py [--runs N] [--seconds S] [--hypothesis]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


INSTRUMENTED = [
    "engine.codec",
    "engine.structure",
    "engine.schema",
    "engine.migrations",
    "engine.validation",
    "engine.validation.level",
    "engine.validation.design",
    "engine.validation.replay",
]


def run_atheris(runs: int, seconds: int) -> None:
    import tempfile

    atheris = importlib.import_module("atheris")

    with atheris.instrument_imports():  # coverage of the modules that read and check bytes
        for name in INSTRUMENTED:
            importlib.import_module(name)

    from tests.engine.test_fuzz import check_one, seeds

    corpus = Path(tempfile.mkdtemp(prefix="cocreate-fuzz-"))
    for i, seed in enumerate(seeds()):
        (corpus / f"seed-{i}").write_bytes(seed)
    print(f"fuzz: atheris (libFuzzer), {runs:,} runs or {seconds} s, corpus {corpus}", flush=True)
    args = [
        sys.argv[0],
        f"-runs={runs}",
        f"-max_total_time={seconds}",
        "-max_len=65536",
        "-timeout=2",
        "-rss_limit_mb=4096",
        str(corpus),
    ]
    atheris.Setup(args, lambda data: check_one(bytes(data)))
    atheris.Fuzz()


def run_hypothesis(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.engine.test_fuzz import check_one, mutated

    quiet = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    print(f"fuzz: hypothesis, {examples:,} random and {examples:,} mutated inputs", flush=True)
    started = time.perf_counter()
    for strategy in (st.binary(max_size=4096), mutated()):

        @quiet
        @given(strategy)
        def check(data: bytes) -> None:
            check_one(data)

        check()
    print(f"fuzz: no failures in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200_000, help="atheris runs (default 200,000)")
    parser.add_argument("--seconds", type=int, default=300, help="atheris time budget")
    parser.add_argument("--examples", type=int, default=50_000, help="hypothesis examples")
    parser.add_argument("--hypothesis", action="store_true", help="use hypothesis, not atheris")
    args = parser.parse_args()
    if not args.hypothesis:
        try:
            importlib.import_module("atheris")
        except ImportError:
            print("fuzz: atheris is not installed; running hypothesis instead", flush=True)
        else:
            run_atheris(args.runs, args.seconds)
            return 0
    run_hypothesis(args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
