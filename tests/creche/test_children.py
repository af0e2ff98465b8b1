"""Children, authorised collectors and never-collect entries through the services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from creche.models import AuthorisedCollector, Child, NeverCollect
from creche.services import child_create, collector_add, collector_remove, never_collect_add
from programmes.models import KeepApartLink
from tests.creche.factories import AuthorisedCollectorFactory, ChildFactory, NeverCollectFactory
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]


def test_child_create_gives_a_unique_reference_and_no_photo_consent():
    parent = ParticipantFactory.create()

    first = child_create(parent=parent, known_as=" Mia ", date_of_birth=dt.date(2023, 5, 1))
    second = child_create(parent=parent, known_as="Leo", date_of_birth=dt.date(2024, 5, 1))

    assert (first.known_as, first.photo_consent) == ("Mia", False)
    assert first.reference.startswith("CH-") and len(first.reference) == 12
    assert first.reference != second.reference


def test_child_create_refuses_a_future_birth_and_saves_nothing():
    with pytest.raises(ValidationError) as exc:
        child_create(parent=ParticipantFactory.create(), known_as="Mia",
                     date_of_birth=dt.date(2027, 1, 1))

    assert "future" in " ".join(exc.value.message_dict["date_of_birth"])
    assert not Child.objects.exists()


def test_collector_matching_a_never_collect_entry_is_refused_whatever_the_spacing():
    entry = NeverCollectFactory.create(name="Dan Example")

    with pytest.raises(ValidationError) as exc:
        collector_add(child=entry.child, name="  DAN  example.", relationship="Father")

    assert "never to collect" in " ".join(exc.value.message_dict["name"])
    assert not AuthorisedCollector.objects.exists()


def test_collector_with_a_check_question_needs_its_answer():
    with pytest.raises(ValidationError) as exc:
        collector_add(child=ChildFactory.create(), name="Jo", relationship="Aunt",
                      check_question="First pet?")

    assert "answer" in " ".join(exc.value.message_dict["password"])


def test_collector_add_keeps_question_answer_and_photo_description():
    collector = collector_add(child=ChildFactory.create(), name="Jo Smith", relationship="Aunt",
                              check_question="First pet?", password="Rex",
                              description="Tall, red coat")

    assert (collector.check_question, collector.password, collector.description) == \
        ("First pet?", "Rex", "Tall, red coat")


def test_never_collect_matching_an_authorised_collector_is_refused():
    collector = AuthorisedCollectorFactory.create(name="Jo Smith")

    with pytest.raises(ValidationError) as exc:
        never_collect_add(child=collector.child, name="jo smith", description="Aunt; barred")

    assert "authorised collector" in " ".join(exc.value.message_dict["name"])
    assert not NeverCollect.objects.exists()


def test_never_collect_linked_participant_whose_name_is_a_collector_is_refused():
    collector = AuthorisedCollectorFactory.create(name="Rob")
    perpetrator = ParticipantFactory.create(known_as="Rob")

    with pytest.raises(ValidationError):
        never_collect_add(child=collector.child, description="Ex-partner",
                          participant=perpetrator)


def test_never_collect_needs_a_description_staff_can_recognise():
    with pytest.raises(ValidationError) as exc:
        never_collect_add(child=ChildFactory.create(), name="Dan", description="  ")

    assert "recognise" in " ".join(exc.value.message_dict["description"])


def test_a_removed_collector_can_then_be_barred():
    collector = AuthorisedCollectorFactory.create(name="Jo Smith")
    collector_remove(collector=collector)

    entry = never_collect_add(child=collector.child, name="Jo Smith", description="Barred")

    assert entry.pk is not None
    assert list(collector.child.authorised_collectors.filter(is_active=True)) == []


def test_collector_refused_when_the_parent_has_a_keep_apart_link_with_them():
    child = ChildFactory.create()
    other = ParticipantFactory.create(known_as="Rob")
    KeepApartLink.objects.create(person_a=child.parent, person_b=other,
                                 created_by=UserFactory.create())

    with pytest.raises(ValidationError):
        collector_add(child=child, name="Rob", relationship="Father")
