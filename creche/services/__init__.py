"""The only code that changes crèche state. Every refusal is a ValidationError with a
field-level message staff can act on; messages never contain a child's or adult's name.

- `sessions`: crèche sessions and bookings (capacity, minimum age, cancelled sessions);
- `children`: children, authorised collectors and never-collect entries;
- `day`: staff on and off, children in and out (ratios, first aid, who may collect);
- `incidents`: refused collections and the coordinator's acknowledgement;
- `places`: one booking for parent and child (follows the parent's place and sessions).
"""

from creche.services.children import (
    child_create,
    child_update,
    collector_add,
    collector_remove,
    never_collect_add,
)
from creche.services.day import (
    child_sign_in,
    child_sign_out,
    qualification_set,
    staff_sign_off,
    staff_sign_on,
)
from creche.services.incidents import incident_acknowledge, incident_record
from creche.services.places import (
    PlacesReport,
    creche_places_book,
    creche_places_release,
    parent_and_children_book,
    place_requests_set,
)
from creche.services.sessions import booking_cancel, booking_create, creche_session_create

__all__ = [
    "PlacesReport",
    "booking_cancel",
    "booking_create",
    "child_create",
    "child_sign_in",
    "child_sign_out",
    "child_update",
    "collector_add",
    "collector_remove",
    "creche_places_book",
    "creche_places_release",
    "creche_session_create",
    "incident_acknowledge",
    "incident_record",
    "never_collect_add",
    "parent_and_children_book",
    "place_requests_set",
    "qualification_set",
    "staff_sign_off",
    "staff_sign_on",
]
