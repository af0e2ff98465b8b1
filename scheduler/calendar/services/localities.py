"""The provider's reference lists the return is cut by: localities, lots and funders.

Coordinators and managers edit them on the localities page; the admin adds rows through
these services only. A name is compared ignoring case and spacing, so "leicester  city"
is "Leicester City". An *unmatched* locality (free text carried over from before the list)
is resolved by adding it to the list or merging it into a listed one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.models import Demographics
from scheduler.models import Funder, Locality, Lot, TermCalendar, Venue
from scheduler.models.localities import LocalityRef, locality_listed, locality_pick

__all__ = ["LocalityRef", "funder_create", "locality_create", "locality_listed",
           "locality_pick", "locality_resolve", "locality_set_lot", "lot_create"]


def _clean(name: str, field: str = "name") -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError({field: "Give a name."})
    return cleaned


@transaction.atomic
def locality_create(*, name: str, lot: Lot | None = None) -> Locality:
    cleaned = _clean(name)
    if Locality.objects.filter(name__iexact=cleaned).exists():
        raise ValidationError({"name": "This locality is already on the list."})
    return Locality.objects.create(name=cleaned, lot=lot)


@transaction.atomic
def locality_set_lot(*, locality: Locality, lot: Lot | None) -> Locality:
    if locality.unmatched:
        raise ValidationError({"lot": "Resolve an unmatched locality before giving it a lot."})
    locality.lot = lot
    locality.save(update_fields=["lot"])
    return locality


@transaction.atomic
def locality_resolve(*, locality: Locality, into: Locality | None,
                     lot: Lot | None = None) -> Locality:
    """An unmatched locality joins the list (`into` None) or is merged into a listed one:
    its venues, term calendars and participants move there and it is deleted. The locality
    kept is returned."""
    if not locality.unmatched:
        raise ValidationError({"locality": "Only an unmatched locality is resolved."})
    if into is None:
        locality.unmatched, locality.lot = False, lot
        locality.save(update_fields=["unmatched", "lot"])
        return locality
    if into.unmatched or into.pk == locality.pk:
        raise ValidationError({"into": "Merge into a locality on the list."})
    Venue.objects.filter(locality=locality).update(locality=into)
    TermCalendar.objects.filter(locality=locality).update(locality=into)
    Demographics.objects.filter(locality=locality).update(locality=into)
    locality.delete()
    return into


@transaction.atomic
def lot_create(*, name: str) -> Lot:
    cleaned = _clean(name)
    if Lot.objects.filter(name__iexact=cleaned).exists():
        raise ValidationError({"name": "A lot of this name exists."})
    return Lot.objects.create(name=cleaned)


@transaction.atomic
def funder_create(*, name: str) -> Funder:
    cleaned = _clean(name)
    if Funder.objects.filter(name__iexact=cleaned).exists():
        raise ValidationError({"name": "A funder of this name exists."})
    return Funder.objects.create(name=cleaned)
