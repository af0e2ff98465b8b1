"""Cutting the return by lot, locality and funder (issue 10, Deliver 3).

One definition each, printed in the report's notes:
  * a *person* (starter, completer, referral, waiting time, equality row) is in a lot or
    locality by her recorded locality (demographics), so people with none recorded fall in
    no cut; she is in a funder's cut when her place names that funder, or names none and
    her run does;
  * a *group, session or crèche* is in a lot or locality by its run's venue, and in a
    funder's cut when its run names that funder.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from scheduler.models import Funder, Locality, Lot
from scheduler.models.localities import locality_listed

SCOPE_NOTE = ("Cuts: a person is in a lot or locality by her recorded locality and in a "
              "funder's cut when her place (or else her run) names that funder; groups, "
              "sessions and crèches by their run's venue and funder.")


@dataclass(frozen=True)
class ReturnScope:
    lot_id: int | None = None
    locality_id: int | None = None
    funder_id: int | None = None
    label: str = ""  # e.g. "Lot 2 – Leicester City · Funder: OPCC"; "" for the whole return

    @property
    def whole(self) -> bool:
        return self.lot_id is None and self.locality_id is None and self.funder_id is None

    @property
    def key(self) -> str:
        """How a computation of this cut is stored ("" for the whole return)."""
        if self.whole:
            return ""
        return f"lot={self.lot_id or ''};locality={self.locality_id or ''};" \
               f"funder={self.funder_id or ''}"

    def people(self, enrolment: str = "") -> Q:
        """Enrolments in the cut; `enrolment` is the path to the enrolment ("enrolment__")."""
        p = enrolment
        q = Q()
        if self.lot_id is not None:
            q &= Q(**{f"{p}participant__demographics__locality__lot_id": self.lot_id})
        if self.locality_id is not None:
            q &= Q(**{f"{p}participant__demographics__locality_id": self.locality_id})
        if self.funder_id is not None:
            q &= Q(**{f"{p}funder_id": self.funder_id}) | Q(
                **{f"{p}funder__isnull": True, f"{p}run__funder_id": self.funder_id})
        return q

    def participants(self, participant: str = "") -> Q:
        """Participants in a lot or locality cut (referrals, waiting lists: no funder yet)."""
        q = Q()
        if self.lot_id is not None:
            q &= Q(**{f"{participant}demographics__locality__lot_id": self.lot_id})
        if self.locality_id is not None:
            q &= Q(**{f"{participant}demographics__locality_id": self.locality_id})
        return q

    def runs(self, run: str = "") -> Q:
        """Group runs in the cut; `run` is the path to the run ("run__", "session__run__")."""
        q = Q()
        if self.lot_id is not None:
            q &= Q(**{f"{run}venue__locality__lot_id": self.lot_id})
        if self.locality_id is not None:
            q &= Q(**{f"{run}venue__locality_id": self.locality_id})
        if self.funder_id is not None:
            q &= Q(**{f"{run}funder_id": self.funder_id})
        return q


WHOLE = ReturnScope()


def scope_of_key(key: str) -> ReturnScope:
    """The cut a stored computation was asked for (ReturnScope.key read back)."""
    if not key:
        return WHOLE
    parts = dict(part.split("=", 1) for part in key.split(";"))
    ids = {name: int(parts[name]) if parts.get(name) else None
           for name in ("lot", "locality", "funder")}
    locality = Locality.objects.filter(pk=ids["locality"]).first() if ids["locality"] else None
    scope = scope_from(lot=ids["lot"], funder=ids["funder"],
                       locality=locality.name if locality else None)
    return scope


def scope_from(*, lot: int | None = None, locality: str | None = None,
               funder: int | None = None) -> ReturnScope:
    """The cut asked for; an unknown lot or funder, or a locality not on the list, is a
    field error."""
    errors: dict[str, str] = {}
    labels: list[str] = []
    found_lot = Lot.objects.filter(pk=lot).first() if lot is not None else None
    if lot is not None and found_lot is None:
        errors["lot"] = "No such lot."
    found_funder = Funder.objects.filter(pk=funder).first() if funder is not None else None
    if funder is not None and found_funder is None:
        errors["funder"] = "No such funder."
    locality_id = None
    if locality is not None and locality.strip():
        try:
            found = locality_listed(name=locality)
        except ValidationError:
            errors["locality"] = "Not a locality on the provider's list."
        else:
            locality_id, labels = found.pk, [found.name]
    if errors:
        raise ValidationError(errors)
    if found_lot is not None:
        labels.insert(0, found_lot.name)
    if found_funder is not None:
        labels.append(f"Funder: {found_funder.name}")
    return ReturnScope(lot_id=found_lot.pk if found_lot else None, locality_id=locality_id,
                       funder_id=found_funder.pk if found_funder else None,
                       label=" · ".join(labels))
