"""Random and mutated bytes fed to the decoder and validator: only our errors or problem lists
come out, never another exception, and each call is quick.

``tests/fuzz_decoder.py`` (``make fuzz``) runs the same check much longer.
"""

from __future__ import annotations

import time
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import codec
from engine.document import FORMAT_VERSION
from engine.errors import CocreateError
from engine.validation import Checked, check_bytes
from tests.factories import packb, raw, raw_as, rich_design, rich_level, simple_level, simple_replay

PER_CALL_SECONDS = 2.0


@cache
def seeds() -> tuple[bytes, ...]:
    """Real encoded documents of every kind, canonical and not, current and older version."""
    docs = (simple_level(), rich_level(), rich_design(), simple_replay())
    canonical = tuple(codec.encode(d) for d in docs)
    older = raw_as(simple_level(), 1)
    return (*canonical, packb(raw(simple_level())), packb(older))


def check_one(data: bytes) -> Checked:
    """The property: ``check_bytes`` returns (our error or problems), quickly, and whatever
    comes out prints as one line per problem."""
    started = time.perf_counter()
    try:
        checked = check_bytes(data, source="fuzz.cocreate")
    except CocreateError as exc:  # allowed, though check_bytes returns decode errors
        lines = exc.lines()
        checked = Checked(None)
    else:
        lines = [str(p) for p in checked.problems]
        if checked.error is not None:
            assert isinstance(checked.error, CocreateError)
            lines += checked.error.lines()
    took = time.perf_counter() - started
    assert took < PER_CALL_SECONDS, f"{took:.2f} s for {len(data)} bytes"
    for line in lines:
        assert line.splitlines() == [line], repr(line)
    return checked


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "byte", "truncate", "insert", "delete", "splice"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "byte" and data:
            data[at] = draw(st.sampled_from([0x00, 0x7F, 0x80, 0xC0, 0xC1, 0xCB, 0xD4, 0xDD, 0xFF]))
        elif how == "truncate":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif how == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif how == "splice":
            other = draw(st.sampled_from(seeds()))
            start = draw(st.integers(0, len(other)))
            data[at:] = other[start:]
    return bytes(data)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=512))
def test_random_bytes_give_only_our_errors(data: bytes) -> None:
    check_one(data)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_give_only_our_errors(data: bytes) -> None:
    check_one(data)


def test_the_seeds_themselves_are_read() -> None:
    results = [check_one(seed) for seed in seeds()]
    assert [r.ok for r in results] == [True, True, True, True, False, True]
    assert [r.version_read for r in results] == [FORMAT_VERSION] * 5 + [1]
