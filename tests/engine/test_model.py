"""The hand-written `Fingerprint` behaves like the other frozen model types."""

import dataclasses
import pickle
import struct

import pytest

from dupviewer.engine.model import Fingerprint

VARIANTS = (0, 1, 2**63, 2**64 - 1, 0x0123_4567_89AB_CDEF, 42, 7)


def test_variants_round_trip_through_the_packed_form():
    fp = Fingerprint(2**64 - 2, VARIANTS, False, b"\x01\x02")
    assert fp.variants == VARIANTS
    assert len(fp.packed_variants) == 8 * len(VARIANTS)
    assert Fingerprint.from_packed(fp.hash, fp.packed_variants, False, b"\x01\x02") == fp


def test_value_equality_and_hash():
    a = Fingerprint(5, VARIANTS, True, b"x")
    b = Fingerprint(5, list(VARIANTS), True, b"x")
    assert a == b and hash(a) == hash(b)
    assert a != Fingerprint(5, VARIANTS[:-1], True, b"x")
    assert a != Fingerprint(6, VARIANTS, True, b"x")
    assert a != Fingerprint(5, VARIANTS, False, b"x")
    assert a != Fingerprint(5, VARIANTS, True, b"y")
    assert len({a, b}) == 1


def test_frozen():
    fp = Fingerprint(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fp.hash = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del fp.detail
    assert fp.variants == () and fp.blank is False and fp.detail == b""


def test_pickles_for_worker_processes():
    fp = Fingerprint(9, VARIANTS, False, bytes(range(256)))
    assert pickle.loads(pickle.dumps(fp)) == fp


def test_bad_packed_length_is_refused():
    with pytest.raises(ValueError):
        Fingerprint.from_packed(1, b"\x00" * 7)


def test_out_of_range_variant_is_refused():
    with pytest.raises(struct.error):  # a hash is 64 bits, never more
        Fingerprint(1, (2**64,))
