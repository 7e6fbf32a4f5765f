"""The collector paused while files are read: on again afterwards whatever happens, left alone where it was off."""

from __future__ import annotations

import gc

import pytest

from malmotor.gcpause import collector_paused


@pytest.fixture
def collecting():
    """The collector on for the test, and as it was after it."""
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_off_inside_and_on_after_also_after_an_error(collecting):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a mistake in the file")
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_one_paused(collecting):
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off_and_nothing_is_frozen(collecting):
    gc.disable()
    frozen = gc.get_freeze_count()
    with collector_paused(freeze_survivors=True):
        made = [[index] for index in range(1000)]
    assert not gc.isenabled() and gc.get_freeze_count() == frozen and made


def test_what_the_block_made_can_be_frozen_for_good(collecting):
    frozen = gc.get_freeze_count()
    try:
        with collector_paused(freeze_survivors=True):
            made = [[index] for index in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= frozen + len(made)
    finally:
        gc.unfreeze()
