from hypothesis import given
from hypothesis import strategies as st

from creche.collection import (
    NEVER_COLLECT_MESSAGE,
    Collector,
    collection_refusal,
    normalise_name,
)

names = st.text(alphabet=st.characters(categories=["L", "Zs", "Pd"]), min_size=1, max_size=30) \
    .filter(lambda n: normalise_name(n) != "")


@given(names, st.lists(names, max_size=5), st.text(max_size=10))
def test_a_never_collect_name_is_always_refused(name, authorised, password):
    collectors = [Collector(key=i, name=n) for i, n in enumerate([*authorised, name])]

    refusal, match = collection_refusal(collected_by=name, password=password,
                                        authorised=collectors, never_collect=[name.upper()])

    assert (refusal, match) == (NEVER_COLLECT_MESSAGE, None)


@given(names, st.lists(names, max_size=5))
def test_release_only_ever_matches_an_authorised_collector(name, authorised):
    collectors = [Collector(key=i, name=n) for i, n in enumerate(authorised)]

    refusal, match = collection_refusal(collected_by=name, password="", authorised=collectors,
                                        never_collect=[])

    assert (match is None) == (refusal is not None)
    if match is not None:
        assert normalise_name(match.name) == normalise_name(name)


def test_blank_collector_name_is_refused():
    refusal, _ = collection_refusal(collected_by="  ", password="",
                                    authorised=[Collector(key=1, name="")], never_collect=[])

    assert refusal is not None


def test_normalise_name_ignores_case_accents_spacing_and_punctuation():
    assert normalise_name("  Zoë   O'Brien ") == normalise_name("zoe o brien")
