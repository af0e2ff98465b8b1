"""The crèche's section of the quarterly return, registered through attendance's seam."""

from __future__ import annotations

from attendance.quarters import Quarter
from attendance.tables import Section, people_table, plain_table
from creche.selectors import creche_hours_between


def creche_section(quarter: Quarter, threshold: int) -> Section:
    start, end = quarter.bounds()
    hours = creche_hours_between(start, end)
    return Section(
        "Crèche", "Opening hours: crèche sessions open in the quarter (cancelled group "
        "sessions excluded); child-hours: each child's signed-in time; children: distinct "
        "children signed in.",
        [plain_table("Crèche hours", ["Opening hours", "Child-hours"],
                     [float(hours["opening_hours"]), float(hours["child_hours"])]),
         people_table("Children cared for", ["Children"], [int(hours["children"])],
                      threshold)])
