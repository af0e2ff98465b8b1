"""The crèche's section of the quarterly return, registered through attendance's seam."""

from __future__ import annotations

from attendance.disclosure import suppress_grid
from attendance.quarters import Quarter
from attendance.scope import ReturnScope
from attendance.tables import Grid, Section, people_table, plain_table
from creche.figures import creche_figures_between
from creche.selectors import creche_hours_between

TAKE_UP_COLUMNS = ["Attended", "Booked, never came"]


def creche_section(quarter: Quarter, threshold: int, scope: ReturnScope) -> Section:
    start, end = quarter.bounds()
    where = scope.runs("session__run__")
    hours = creche_hours_between(start, end, where)
    figures = creche_figures_between(first_day=quarter.first_day, last_day=quarter.last_day,
                                     where=where)
    rows = figures.by_locality
    grid = suppress_grid([[r.attended, r.booked - r.attended] for r in rows],
                         threshold=threshold)
    take_up = Grid("Crèche take-up: places booked, by the venue's locality (row total: booked)",
                   [r.locality for r in rows], TAKE_UP_COLUMNS, grid.cells, grid.row_totals,
                   grid.column_totals or ["0", "0"], grid.total)
    return Section(
        "Crèche", "Opening hours: crèche sessions open in the quarter (cancelled group "
        "sessions excluded); child-hours: each child's signed-in time; children: distinct "
        "children signed in. Take-up: bookings of crèche places in the quarter, attended "
        "(the child signed in at least once) or not; places offered are the crèches' "
        "capacities.",
        [plain_table("Crèche hours", ["Opening hours", "Child-hours"],
                     [float(hours["opening_hours"]), float(hours["child_hours"])]),
         people_table("Children cared for", ["Children"], [int(hours["children"])],
                      threshold),
         plain_table("Crèche places offered", ["Places offered"], [figures.total.capacity])],
        [take_up])
