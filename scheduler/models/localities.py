"""Reference data the return is cut by: localities, the commissioning lots that group them,
and the funders (commissioners) that may spot-purchase a run or a place.

The provider edits these lists (coordinators and managers, through scheduler.calendar's
locality services). Venues, term calendars and participants pick a locality from the list; a
free-text locality carried over from before the list is kept as an *unmatched* entry until a
coordinator resolves it (adds it to the list or merges it into a listed one).
"""

from django.core.exceptions import ValidationError
from django.db import models


def locality_key(name: str) -> str:
    """How two spellings of a locality are compared: case and spacing ignored."""
    return " ".join(name.split()).casefold()


class Lot(models.Model):
    """A commissioning lot, e.g. "Lot 1 – Leicestershire and Rutland"."""

    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Locality(models.Model):
    name = models.CharField(max_length=80, unique=True)
    lot = models.ForeignKey(Lot, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="localities")
    # Carried over from free text and not (yet) on the provider's list.
    unmatched = models.BooleanField(default=False)

    class Meta:
        ordering = ["unmatched", "name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return f"{self.name} (unmatched)" if self.unmatched else self.name


class Funder(models.Model):
    """Who pays for a run or a place: a commissioner (e.g. one spot-purchasing perpetrator
    places). A run or enrolment with no funder is funded by the provider's main contract."""

    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def locality_listed(*, name: str, field: str = "locality") -> Locality:
    """The listed locality of this name (case and spacing ignored), or a field error."""
    key = locality_key(name)
    for locality in Locality.objects.filter(unmatched=False, name__iexact=" ".join(name.split())):
        if locality_key(locality.name) == key:
            return locality
    raise ValidationError({field: NOT_LISTED})


NOT_LISTED = "Not a locality on the provider's list."
# How a form, the API or a loader names a locality: the row, its id, or its name.
LocalityRef = Locality | int | str


def locality_pick(*, ref: LocalityRef, field: str = "locality") -> Locality:
    """The listed locality `ref` names (a row, an id, or a name with case and spacing
    ignored); blank, unknown or unmatched is a field error. An unmatched locality is kept on
    the records carried over with it, but nothing new is put in one."""
    if isinstance(ref, Locality):
        if ref.unmatched:
            raise ValidationError({field: NOT_LISTED})
        return ref
    if isinstance(ref, bool):  # a JSON true is not an id
        raise ValidationError({field: NOT_LISTED})
    if isinstance(ref, int):
        found = Locality.objects.filter(pk=ref, unmatched=False).first()
        if found is None:
            raise ValidationError({field: NOT_LISTED})
        return found
    if not ref.strip():
        raise ValidationError({field: "Give the locality"})
    return locality_listed(name=ref, field=field)
