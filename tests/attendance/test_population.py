"""Population figures for reach: the service's rules, the pages, and the dashboard's starters
per 10,000 residents (from published counts only)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from attendance.dashboard import population_chart
from attendance.models import PopulationCharacteristic, PopulationFigure
from attendance.population import REACH_BY_KEY, area_populations, population_set
from attendance.tables import Breakdown
from scheduler.models import Locality
from scheduler.platform.roles import Role
from tests.attendance.test_api_reports import starters
from tests.attendance.test_views import csrf_post

pytestmark = pytest.mark.django_db

SEX = PopulationCharacteristic.SEX
LIST = "/attendance/reports/population/"
DASHBOARD = "/attendance/reports/dashboard/?year=2026&quarter=3"


def _edit(locality: Locality) -> str:
    return f"{LIST}{locality.pk}/"


def _listed() -> list[Locality]:
    return list(Locality.objects.filter(unmatched=False).order_by("name"))


def _give_sex(by, female: int = 5_000, male: int = 5_000) -> None:
    for locality in _listed():
        population_set(locality=locality, characteristic=SEX,
                       residents={"Female": female, "Male": male}, source="ONS 2021", by=by)


def test_a_characteristic_is_given_whole_or_not_at_all(make_user):
    manager, melton = make_user(Role.MANAGER), Locality.objects.get(name="Melton")

    with pytest.raises(ValidationError) as partial:
        population_set(locality=melton, characteristic=SEX,
                       residents={"Female": 26_000, "Male": None}, by=manager)

    assert partial.value.message_dict == {"Male": ["Give every category, or leave them all "
                                                   "blank."]}
    assert not PopulationFigure.objects.exists()


@pytest.mark.parametrize(("residents", "field"), [
    ({"Female": -1, "Male": 10}, "Female"),
    ({"Female": 10, "Male": 10**9}, "Male"),
    ({"Female": 0, "Male": 0}, "Female"),
    ({"Female": 1, "Male": 1, "Other": 1}, "category"),
])
def test_bad_figures_are_field_errors_and_nothing_is_saved(residents, field, make_user):
    manager, melton = make_user(Role.MANAGER), Locality.objects.get(name="Melton")
    population_set(locality=melton, characteristic=SEX,
                   residents={"Female": 26_000, "Male": 25_000}, by=manager)

    with pytest.raises(ValidationError) as refused:
        population_set(locality=melton, characteristic=SEX, residents=residents, by=manager)

    assert field in refused.value.message_dict
    assert sorted(PopulationFigure.objects.values_list("category", "residents")) == [
        ("Female", 26_000), ("Male", 25_000)]  # the earlier figures stand


def test_new_figures_replace_the_old_and_all_blank_clears_them(make_user):
    manager, melton = make_user(Role.MANAGER), Locality.objects.get(name="Melton")
    population_set(locality=melton, characteristic=SEX,
                   residents={"Female": 1, "Male": 2}, by=manager)

    population_set(locality=melton, characteristic=SEX,
                   residents={"Female": 26_000, "Male": 25_000}, source="  ONS   2021 ",
                   by=manager)
    assert sorted(PopulationFigure.objects.values_list("category", "residents", "source")) == [
        ("Female", 26_000, "ONS 2021"), ("Male", 25_000, "ONS 2021")]

    assert population_set(locality=melton, characteristic=SEX,
                          residents={"Female": None, "Male": None}, by=manager) == []
    assert not PopulationFigure.objects.exists()


def test_an_unmatched_locality_gives_no_population(make_user):
    stray = Locality.objects.create(name="Somewhere typed", unmatched=True)

    with pytest.raises(ValidationError) as refused:
        population_set(locality=stray, characteristic=SEX,
                       residents={"Female": 1, "Male": 1}, by=make_user(Role.MANAGER))

    assert "locality" in refused.value.message_dict


def test_the_area_is_the_sum_of_every_listed_locality_and_says_which_are_missing(make_user):
    manager = make_user(Role.MANAGER)
    listed = _listed()
    for locality in listed[:-1]:
        population_set(locality=locality, characteristic=SEX,
                       residents={"Female": 100, "Male": 50}, by=manager)

    partial = area_populations()["sex"]
    assert not partial.complete and partial.missing == [listed[-1].name]

    population_set(locality=listed[-1], characteristic=SEX,
                   residents={"Female": 1, "Male": 2}, by=manager)
    whole = area_populations()["sex"]
    assert whole.complete and whole.residents == {"Female": 100 * (len(listed) - 1) + 1,
                                                  "Male": 50 * (len(listed) - 1) + 2}
    assert not area_populations()["age"].complete


def test_rates_come_from_published_counts_and_a_hidden_count_keeps_its_marker(make_user):
    manager = make_user(Role.MANAGER)
    _give_sex(manager, female=20_000, male=0)
    area = area_populations()["sex"]
    table = Breakdown("Sex", ["Female", "Male", "Not asked"], ["12", "<5", "*"], "20")

    chart = population_chart(table, area)

    n = len(_listed())
    female, male, everyone = chart.series[0].values
    assert female == f"{10_000 * 12 / (20_000 * n):.1f}"
    assert male == "<5"  # no rate: it would give the hidden count away
    assert everyone == f"{10_000 * 20 / (20_000 * n):.1f}"
    assert len(re.findall(r'<rect [^>]*class="chart-bar', chart.svg)) == 2


def test_a_category_with_no_residents_has_no_rate(make_user):
    _give_sex(make_user(Role.MANAGER), female=20_000, male=0)
    chart = population_chart(Breakdown("Sex", ["Female", "Male"], ["10", "6"], "16"),
                             area_populations()["sex"])

    assert chart.series[0].values[1] == "no residents"


def test_the_dashboard_sets_starters_against_the_population_once_every_locality_gave_it(
        make_user, browser_client_for):
    starters(6)
    manager = make_user(Role.MANAGER)
    client = browser_client_for(manager)
    client.get(DASHBOARD)  # computes the figures (synchronous queue in tests)

    before = client.get(DASHBOARD).content.decode()
    assert "Reach per 10,000 residents" not in before
    assert "Sex: no figures yet for Blaby" in before

    _give_sex(manager)
    after = client.get(DASHBOARD)
    html = after.content.decode()
    assert "Reach per 10,000 residents: sex" in html
    assert "Sex: no figures" not in html and "Age at start: no figures yet for" in html
    charts = after.context["dashboard"].population
    assert [c.labels for c in charts] == [[*REACH_BY_KEY["sex"].categories, "All starters"]]
    n = len(_listed())
    assert charts[0].series[0].values[-1] == f"{10_000 * 6 / (10_000 * n):.1f}"


def test_a_manager_enters_a_localitys_figures_on_the_page(make_user, browser_client_for):
    client = browser_client_for(make_user(Role.MANAGER))
    rutland = Locality.objects.get(name="Rutland")

    response = csrf_post(client, _edit(rutland), {
        "sex_source": "ONS Census 2021 TS008", "sex_0": "20500", "sex_1": "20400",
        "disability_0": "", "disability_1": ""})

    assert response.status_code == 302 and response["Location"] == LIST
    assert dict(PopulationFigure.objects.filter(locality=rutland)
                .values_list("category", "residents")) == {"Female": 20_500, "Male": 20_400}
    listing = client.get(LIST).content.decode()
    assert re.search(r"Rutland</th>\s*<td>Sex</td>", listing)


def test_a_refused_characteristic_saves_nothing_and_says_why_on_the_form(make_user,
                                                                          browser_client_for):
    client = browser_client_for(make_user(Role.MANAGER))
    rutland = Locality.objects.get(name="Rutland")

    response = csrf_post(client, _edit(rutland), {
        "sex_0": "20500", "sex_1": "20400",  # fine on its own
        "disability_0": "7000", "disability_1": ""})  # half given

    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was saved" in html and "Give every category, or leave them all" in html
    assert '<main' in html  # inside the site's layout
    assert not PopulationFigure.objects.exists()


def test_a_negative_number_is_a_form_error(make_user, browser_client_for):
    client = browser_client_for(make_user(Role.MANAGER))

    response = csrf_post(client, _edit(Locality.objects.get(name="Rutland")),
                         {"sex_0": "-5", "sex_1": "10"})

    assert response.status_code == 400 and "greater than or equal to 0" in (
        response.content.decode())
    assert not PopulationFigure.objects.exists()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.CRECHE_WORKER])
def test_population_pages_are_for_report_readers(role, make_user, browser_client_for):
    client = browser_client_for(make_user(role))
    melton = Locality.objects.get(name="Melton")

    assert client.get(LIST).status_code == 403
    assert client.get(_edit(melton)).status_code == 403


def test_an_unmatched_or_unknown_locality_has_no_population_page(make_user, browser_client_for):
    client = browser_client_for(make_user(Role.MANAGER))
    stray = Locality.objects.create(name="Somewhere typed", unmatched=True)

    assert client.get(_edit(stray)).status_code == 404
    assert client.get(f"{LIST}999999/").status_code == 404


def test_the_list_pages_its_localities_in_constant_queries(make_user, browser_client_for,
                                                            django_assert_max_num_queries):
    manager = make_user(Role.MANAGER)
    client = browser_client_for(manager)
    _give_sex(manager)
    for n in range(30):
        Locality.objects.create(name=f"Extra {n:02d}")

    with django_assert_max_num_queries(12):
        first = client.get(LIST)

    assert first.status_code == 200 and 'aria-label="Pages"' in first.content.decode()
    assert len(first.context["rows"]) == 25
