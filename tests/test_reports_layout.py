"""Every printed document, with the demo data and with the stress data set (names in Turkish, Polish, Greek,
Cyrillic and with an emoji, long names, 200-character remarks, 300 checklist items in three rounds): every name
reads back exactly, no text overlaps or runs across a table's rule, and no word is split without a hyphen."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crisisapp.context import AppContext
from crisisapp.reports.base import REPLACEMENT
from crisisapp.storage.database import open_database
from tests.clock import NOW, fixed_clock
from tests.layout import layout_problems, recorded_texts
from tests.pdftext import pdf_text
from tests.stress import DOCUMENTS, EMOJI_NAME, NAMES, Stress, demo_ids, documents, fill_stress

#: The documents that list people, and so must show every stress name.
WITH_NAMES = ("contacts", "deelnemers", "oefenverslag", "controleresultaten", "vooroverleg", "logboek")
#: Pages whose layout is checked: the first few and the last; the pages between repeat them.
PAGES = (slice(0, 4), slice(-1, None))


def _database(path: Path, fill: Callable[..., Stress]) -> Iterator[tuple[AppContext, Stress]]:
    context = AppContext(open_database(path), clock=fixed_clock)
    with context.database.sessions.begin() as session:  # set-up in one transaction
        ids = fill(session, NOW)
    yield context, ids
    context.close()


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppContext, Stress]]:
    yield from _database(tmp_path_factory.mktemp("stress") / "stress.sqlite3", fill_stress)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppContext, Stress]]:
    yield from _database(tmp_path_factory.mktemp("demo") / "demo.sqlite3", demo_ids)


def rendered(data: tuple[AppContext, Stress], name: str) -> tuple[bytes, list[str]]:
    context, ids = data
    with recorded_texts() as texts:
        pdf = documents(context, ids, NOW)[name]()
    return pdf, texts


@pytest.mark.parametrize("name", DOCUMENTS)
def test_stress_documents_lay_out_without_overlap_or_broken_words(stress, name):
    pdf, texts = rendered(stress, name)
    for pages in PAGES:
        assert layout_problems(pdf, texts, pages) == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_demo_documents_lay_out_without_overlap_or_broken_words(demo, name):
    pdf, texts = rendered(demo, name)
    for pages in PAGES:
        assert layout_problems(pdf, texts, pages) == []


@pytest.mark.parametrize("name", WITH_NAMES)
def test_every_name_prints_exactly(stress, name):
    text = pdf_text(rendered(stress, name)[0])
    for person in NAMES:
        assert person in text
    assert EMOJI_NAME.replace("🚒", REPLACEMENT) in text and "🚒" not in text


def test_an_empty_checklist_says_why(stress):
    text = pdf_text(rendered(stress, "controlelijst-leeg")[0])
    assert "nog geen controlepunten vastgelegd" in text


def test_an_old_and_a_new_value_get_even_columns_as_far_as_an_unbroken_address_allows():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from crisisapp.reports.base import LANDSCAPE_WIDTH, fit_widths, styles

    remark = "Nooduitgang aan de havenzijde geblokkeerd door een aggregaat; na overleg met de brandweer verplaatst"
    address = "malgorzata.blaszczykowska-cwiklinska@vlaardingen.nl"
    rows = [["Tijdstip", "Gebruiker", "Actie", "Onderdeel", "Nr.", "Wat", "Veld", "Oude waarde", "Nieuwe waarde"]]
    rows += [
        ["do 26-11-2026 12:00", "ayse.sahin", "Persoon wijzigen", "Personen", str(n), "İsmail Yıldırım-Öztürk",
         "opmerkingen", address if n % 2 else remark, remark]
        for n in range(20)
    ]  # fmt: skip
    apart = fit_widths(rows, LANDSCAPE_WIDTH)
    even = fit_widths(rows, LANDSCAPE_WIDTH, alike=(7, 8))
    assert sum(even) == pytest.approx(LANDSCAPE_WIDTH)
    assert even[8] > 1.4 * apart[8], "the new value is not left a sliver beside the address in the old one"
    cell = styles()["Cell"]
    assert even[7] >= stringWidth(address, cell.fontName, cell.fontSize), "the address stays whole"
    plain = [[*row[:7], remark, remark] for row in rows]
    assert fit_widths(plain, LANDSCAPE_WIDTH, alike=(7, 8))[7] == pytest.approx(
        fit_widths(plain, LANDSCAPE_WIDTH, alike=(7, 8))[8]
    ), "without an address in the way, the two are equally wide"
