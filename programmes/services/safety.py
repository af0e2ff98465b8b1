"""Keep-apart and partner-support links: restricted records that protect people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import OutputCategory
from programmes.models import Enrolment, KeepApartLink, Participant, PartnerSupportLink
from scheduler.models import User


@transaction.atomic
def keep_apart_create(*, first: Participant, second: Participant, reason: str = "",
                      buffer_minutes: int = 60, by: User) -> KeepApartLink:
    """Link two people who must be kept apart (stored as an ordered pair, lower id first).
    An ended link for the same pair is reopened rather than duplicated."""
    if first.pk == second.pk:
        raise ValidationError({"second_id": "A person cannot be kept apart from themselves."})
    a, b = sorted([first, second], key=lambda p: p.pk)
    link, created = KeepApartLink.objects.get_or_create(
        person_a=a, person_b=b,
        defaults={"reason": reason, "buffer_minutes": buffer_minutes, "created_by": by})
    if not created:
        link.reason, link.buffer_minutes, link.ended_at = reason, buffer_minutes, None
        link.save(update_fields=["reason", "buffer_minutes", "ended_at"])
    return link


@transaction.atomic
def keep_apart_add(*, first: Participant, second: Participant, reason: str = "",
                   buffer_minutes: int = 60, by: User) -> KeepApartLink:
    """A new link entered by hand (the admin): a pair already kept apart is refused, so its
    reason and buffer are never overwritten unseen; otherwise as keep_apart_create."""
    a, b = sorted([first.pk, second.pk])
    if KeepApartLink.objects.filter(person_a_id=a, person_b_id=b, ended_at__isnull=True).exists():
        raise ValidationError({"second_id": "These two people are already kept apart."})
    return keep_apart_create(first=first, second=second, reason=reason,
                             buffer_minutes=buffer_minutes, by=by)


@transaction.atomic
def keep_apart_end(*, link: KeepApartLink, by: User) -> KeepApartLink:
    if link.ended_at is None:
        link.ended_at = timezone.now()
        link.save(update_fields=["ended_at"])
    return link


@transaction.atomic
def partner_support_link_create(*, enrolment: Enrolment, worker: User,
                                by: User) -> PartnerSupportLink:
    if enrolment.run.programme.output_category != OutputCategory.PERPETRATOR:
        raise ValidationError({"enrolment_id": "Only perpetrator-programme enrolments have "
                                               "an integrated support service."})
    link, _ = PartnerSupportLink.objects.get_or_create(
        enrolment=enrolment, worker=worker, ended_at=None, defaults={"created_by": by})
    return link


@transaction.atomic
def partner_support_link_end(*, link: PartnerSupportLink) -> PartnerSupportLink:
    if link.ended_at is None:
        link.ended_at = timezone.now()
        link.save(update_fields=["ended_at"])
    return link
