"""*Logboek wijzigingen*: the audit entries the user filtered, as the page shows them. The old and new values
may be personal data (phone numbers, addresses), so every page says it is confidential."""

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph

from crisisapp.reports.base import LANDSCAPE_WIDTH, render, styles, table, text
from crisisapp.reports.printed import Printed

S = styles()
TITLE = "Logboek wijzigingen"


def logboek_pdf(
    headers: Sequence[str], rows: Sequence[Sequence[str]], selection: str, count: str, printed: Printed
) -> bytes:
    """``rows`` of texts under ``headers`` (the page's columns: moment, user, action, part, number, what, field,
    old and new value); ``selection`` says which entries were chosen, ``count`` how many there are."""
    story: list[Flowable] = [
        Paragraph(TITLE, S["Title"]),
        Paragraph(text(selection), S["BodyText"]),
        Paragraph(text(count), S["Note"]),
    ]
    if rows:
        cells: list[list[Flowable | str]] = [[Paragraph(text(h), S["CellHead"]) for h in headers]]
        cells += [list(row) for row in rows]  # plain text: a paragraph only where a value needs more lines
        story.append(table(cells, total=LANDSCAPE_WIDTH, alike=(len(headers) - 2, len(headers) - 1)))
    else:
        story.append(Paragraph("Geen wijzigingen met deze keuze.", S["BodyText"]))
    # Landscape: nine columns, two of them values as long as a remark or an e-mail address.
    return render(story, title=TITLE, printed=printed, confidential=True, landscape=True)
