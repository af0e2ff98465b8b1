import gc

import pytest

from scheduler.platform.batch import without_cyclic_gc


@pytest.fixture(autouse=True)
def _collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_the_collector_is_paused_inside_and_resumes_after():
    gc.enable()

    with without_cyclic_gc():
        assert not gc.isenabled()

    assert gc.isenabled()


def test_the_collector_resumes_when_the_batch_fails():
    gc.enable()

    with pytest.raises(ZeroDivisionError), without_cyclic_gc():
        _ = 1 / 0

    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused():
    gc.disable()

    with without_cyclic_gc():
        pass

    assert not gc.isenabled()
