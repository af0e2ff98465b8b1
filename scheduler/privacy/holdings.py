"""Everything held about one participant, as plain JSON-ready values (a subject-access bundle).

Third parties' details are withheld (the people on a keep-apart link or a never-collect list,
the adult who tried to collect a child): only that such records exist. Collection passwords are
security answers, not the participant's data about themself: only whether one is set.
Phone numbers in texts are masked; the participant's own safe number is given in full.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model, Q, QuerySet

from attendance.models import FollowUp, Mark, WalkIn
from creche.models import Child, CollectionIncident
from notifications.models import CatchUpInvite, InboundMessage, Message, SafeContact
from notifications.safety import mask_phone
from programmes.models import (
    Demographics,
    Enrolment,
    KeepApartLink,
    Participant,
    ParticipantIdentity,
    QuestionnaireResponse,
    Referral,
    WaitingListEntry,
)
from scheduler.platform.crypto import lookup_hash

Json = dict[str, Any]


def _value(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _fields(obj: Model, names: list[str]) -> Json:
    return {name: _value(getattr(obj, name)) for name in names}


def _one(model: type[Model], **lookup: object) -> Model | None:
    return model._default_manager.filter(**lookup).first()


def _identity(p: Participant) -> Json | None:
    identity = _one(ParticipantIdentity, participant=p)
    return _fields(identity, ["legal_name", "address"]) if identity else None


def _demographics(p: Participant) -> Json | None:
    row = _one(Demographics, participant=p)
    if row is None:
        return None
    names = [f.name for f in Demographics._meta.fields
             if f.name not in ("id", "participant", "locality")]
    # The locality is a pick from the provider's list: its name is what is held.
    locality = row.locality if isinstance(row, Demographics) else None
    return {**_fields(row, names), "locality": locality.name if locality else ""}


def _contact(p: Participant) -> Json | None:
    contact = (SafeContact.objects.filter(participant=p)
               .prefetch_related("windows", "events").first())
    if contact is None:
        return None
    return {**_fields(contact, ["phone", "safe_to_text", "safe_to_call", "safe_to_leave_message",
                                "consent_given_at", "consent_method", "consent_wording_version",
                                "consent_withdrawn_at", "suspended_at", "opted_out_at"]),
            "safe_windows": [_fields(w, ["weekday", "start", "end"])
                             for w in contact.windows.all()],
            "history": [_fields(e, ["kind", "reason", "source", "method", "at"])
                        for e in contact.events.all()]}


def _referrals(p: Participant) -> list[Json]:
    rows = Referral.objects.filter(participant=p).select_related("programme", "assessment")
    out = []
    for r in rows:
        item = {**_fields(r, ["id", "source", "referring_agency", "referred_on", "priority",
                              "status", "is_repeat"]), "programme": r.programme.name}
        assessment = getattr(r, "assessment", None)
        item["assessment"] = _fields(assessment, [
            "sessions_held", "did_not_attend", "outcome", "outcome_reason", "decided_on"]
        ) if assessment else None
        out.append(item)
    return out


def _marks(enrolment_ids: list[int]) -> dict[int, list[Json]]:
    marks: dict[int, list[Json]] = {pk: [] for pk in enrolment_ids}
    rows = (Mark.objects.filter(enrolment_id__in=enrolment_ids).select_related("session")
            .order_by("session__starts_at"))
    for m in rows:
        marks[m.enrolment_id].append({"session_starts_at": _value(m.session.starts_at),
                                      "status": m.status})
    return marks


def _questionnaires(enrolment_ids: list[int]) -> dict[int, list[Json]]:
    out: dict[int, list[Json]] = {pk: [] for pk in enrolment_ids}
    rows = (QuestionnaireResponse.objects.filter(enrolment_id__in=enrolment_ids)
            .select_related("questionnaire").prefetch_related("answers__question"))
    for r in rows:
        out[r.enrolment_id].append({
            **_fields(r, ["point", "status", "mode", "started_at", "finished_at"]),
            "questionnaire": r.questionnaire.name,
            "answers": [{"question": a.question.text, "value": a.value} for a in r.answers.all()]})
    return out


def _enrolments(p: Participant) -> list[Json]:
    rows = list(Enrolment.objects.filter(participant=p).select_related("run__programme")
                .prefetch_related("events"))
    ids = [e.pk for e in rows]
    marks, answers = _marks(ids), _questionnaires(ids)
    followups: dict[int, list[Json]] = {pk: [] for pk in ids}
    for f in FollowUp.objects.filter(enrolment_id__in=ids):
        followups[f.enrolment_id].append(_fields(f, ["kind", "outcome", "created_at"]))
    return [{**_fields(e, ["id", "status", "joined_at", "left_at", "completion_override",
                           "override_reason"]),
             "run": e.run.name, "programme": e.run.programme.name,
             "history": [_fields(ev, ["from_status", "to_status", "reason_code", "reason", "at"])
                         for ev in e.events.all()],
             "marks": marks[e.pk], "questionnaires": answers[e.pk], "follow_ups": followups[e.pk]}
            for e in rows]


def _waiting(p: Participant) -> list[Json]:
    rows = WaitingListEntry.objects.filter(participant=p).select_related("programme")
    return [{**_fields(w, ["priority", "referred_on", "status", "created_at"]),
             "programme": w.programme.name} for w in rows]


def _replies(p: Participant) -> QuerySet[InboundMessage]:
    """Texts she sent: matched to her contact, or from her number before it was matched."""
    found = Q(contact__participant=p)
    phone = SafeContact.objects.filter(participant=p).values_list("phone", flat=True).first()
    if phone:
        found |= Q(from_phone_hash=lookup_hash(phone))
    return InboundMessage.objects.filter(found)


def _texts(p: Participant) -> tuple[list[Json], list[Json]]:
    sent = [{**_fields(m, ["kind", "status", "body", "scheduled_for", "sent_at"])}
            for m in Message.objects.filter(participant=p)]
    replies = [{**_fields(r, ["body", "received_at", "intent"]),
                "from": mask_phone(r.from_phone)}
               for r in _replies(p)]
    return sent, replies


def _children(p: Participant) -> list[Json]:
    rows = (Child.objects.filter(parent=p)
            .prefetch_related("authorised_collectors", "never_collect", "bookings__attendances",
                              "bookings__creche_session"))
    incidents = set(CollectionIncident.objects.filter(child__parent=p)
                    .values_list("child_id", flat=True))
    return [{**_fields(c, ["reference", "known_as", "date_of_birth", "allergies",
                           "medical_notes", "photo_consent", "created_at"]),
             "may_collect": [{**_fields(a, ["name", "relationship", "is_active"]),
                              "password_set": bool(a.password)}
                             for a in c.authorised_collectors.all()],
             "never_collect_entries_withheld": len(c.never_collect.all()),
             "refused_collections_recorded": c.pk in incidents,
             "creche_visits": [{"creche_starts_at": _value(b.creche_session.starts_at),
                                "signed_in_at": _value(a.signed_in_at),
                                "signed_out_at": _value(a.signed_out_at)}
                               for b in c.bookings.all() for a in b.attendances.all()]}
            for c in rows]


def participant_holdings(participant: Participant) -> Json:
    """The subject-access bundle's content for one participant (and nobody else's data)."""
    p = participant
    sent, replies = _texts(p)
    keep_apart = KeepApartLink.objects.filter(Q(person_a=p) | Q(person_b=p)).count()
    return {
        "participant": _fields(p, ["reference", "known_as", "created_at"]),
        "identity": _identity(p),
        "demographics": _demographics(p),
        "safe_contact": _contact(p),
        "referrals": _referrals(p),
        "enrolments": _enrolments(p),
        "waiting_lists": _waiting(p),
        "walk_ins": [_fields(w, ["status", "recorded_at"]) for w in
                     WalkIn.objects.filter(participant=p)],
        "catch_up_invitations": [_fields(i, ["invited_at"]) for i in
                                 CatchUpInvite.objects.filter(participant=p)],
        "texts_sent": sent,
        "texts_received": replies,
        "creche_children": _children(p),
        "withheld": {"keep_apart_links": keep_apart,
                     "note": "Records about other people (keep-apart links, never-collect "
                             "entries, who tried to collect a child) are withheld; only their "
                             "number is given."},
    }


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def readable(value: object, label: str = "") -> Json:
    """A tree the HTML bundle renders: each node a label with text or children."""
    if isinstance(value, dict):
        return {"label": label, "children": [readable(v, _label(k)) for k, v in value.items()]}
    if isinstance(value, list):
        if not value:
            return {"label": label, "text": "None held"}
        return {"label": label, "children": [readable(v, f"{i}") for i, v in
                                             enumerate(value, start=1)]}
    if value is None or value == "":
        return {"label": label, "text": "—"}
    if isinstance(value, bool):
        return {"label": label, "text": "Yes" if value else "No"}
    return {"label": label, "text": str(value)}
