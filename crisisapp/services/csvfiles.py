"""CSV files as Dutch spreadsheets write and read them.

Reading: ';', ',' or tab; UTF-16 with BOM (Excel's "Unicode-tekst"), UTF-8 with or without BOM, Windows-1252
or Mac Roman (Excel's "CSV (Macintosh)"), recognised rather than guessed; a file that mixes encodings is
refused naming the line where it changes. Writing: real quoting (the ``csv`` module), UTF-8 with BOM or
Windows-1252, and every cell that a spreadsheet would take for a formula neutralised with a leading apostrophe
(OWASP's advice against CSV injection); reading strips that apostrophe again, so an export reads back exactly.
"""

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from crisisapp.errors import DomainError


class ImportRefusedError(DomainError):
    """An import file that cannot be taken as a whole; nothing of it was saved."""

    def __init__(self, reason: str, *, line: int | None = None, column: str | None = None) -> None:
        self.line, self.column, self.reason = line, column, reason
        where = []
        if line is not None:
            where.append(f"regel {line}")
        if column is not None:
            where.append(f"kolom ‘{column}’")
        prefix = (", ".join(where) + ": ").capitalize() if where else ""
        super().__init__(f"{prefix}{reason} Er is niets geïmporteerd.")


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int  # as the user counts lines in the file, the header being line 1
    values: Mapping[str, str]  # by canonical column name


@dataclass(frozen=True, slots=True)
class CsvTable:
    #: Read once, in one pass, as they are parsed: a bad row further on raises ImportRefusedError then.
    rows: Iterator[CsvRow]
    ignored_columns: tuple[str, ...]


class Encoding(StrEnum):
    """The encodings CrisisApp writes CSV in: UTF-8 with BOM (Excel's "CSV UTF-8") or Windows-1252."""

    UTF8 = "utf-8"
    WINDOWS_1252 = "windows-1252"


ENCODING_NAMES = {"cp1252": "Windows-1252", "mac_roman": "Mac Roman"}  # the single-byte ones told apart
#: The characters a spreadsheet starts a formula (or a DDE command) with.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# cp1252 punctuation a Dutch text holds; Mac Roman reads those bytes as letters
_TYPOGRAPHY = frozenset("‚“”„–—…•€«»°§")
# letters that hardly any name holds, but that one encoding makes of the other's apostrophes, dashes and accents
_RARE = frozenset("ÕÃÐÞðþÝýƒ¿¡¬√≈∆◊ıˆ˜¯˘˙˚¸˝˛ˇ")


def neutralise(cell: str) -> str:
    """``cell`` as a spreadsheet shows it as text: a leading apostrophe before what would start a formula (and
    before an apostrophe that :func:`restore` would otherwise take away)."""
    if cell.startswith(FORMULA_STARTS) or (cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'"))):
        return "'" + cell
    return cell


def restore(cell: str) -> str:
    """The cell as it was before :func:`neutralise` (or as a user typed it in Excel to keep it text)."""
    if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")):
        return cell[1:]
    return cell


def write_table(header: Sequence[str], rows: Iterable[Sequence[str]], encoding: Encoding = Encoding.UTF8) -> bytes:
    """A CSV as Dutch Excel opens it with a double-click: ';'-separated, quoted where needed, CRLF, UTF-8 with
    BOM or Windows-1252. A cell Windows-1252 cannot hold is refused naming its row and column."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for line, row in enumerate(rows, start=2):
        cells = [neutralise(cell) for cell in row]
        if encoding is Encoding.WINDOWS_1252:
            for column, cell in zip(header, cells, strict=True):
                try:
                    cell.encode("cp1252")
                except UnicodeEncodeError as exc:
                    raise DomainError(
                        f"Regel {line}, kolom ‘{column}’: ‘{cell}’ bevat het teken ‘{cell[exc.start]}’, dat "
                        "Windows-1252 niet kent. Kies UTF-8."
                    ) from exc
        writer.writerow(cells)
    text = buffer.getvalue()
    return text.encode("cp1252") if encoding is Encoding.WINDOWS_1252 else ("\ufeff" + text).encode("utf-8")


def _plausibility(text: str) -> int:
    """How much the non-ASCII characters of ``text`` look like Dutch or European names: accented letters inside
    words, a capital starting one, an apostrophe against a letter ("’t Hart", "’s-Gravenzande") and typographic
    punctuation count for; capitals inside words, letters hardly any name has, and symbols against."""
    score = 0
    for index, char in enumerate(text):
        if char < "\x80":
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        kind = unicodedata.category(char)
        if char in _RARE:
            score -= 3
        elif char == "’":  # the apostrophe: "’t Hart", "’s-Gravenzande" (between letters it may be Mac's í)
            score += 2 if before.isalpha() and after.isalpha() else 3 if before.isalpha() or after.isalpha() else 1
        elif char == "‘":  # an opening quote; between letters it is Mac's ë
            score += -2 if before.isalpha() and after.isalpha() else 1
        elif char in _TYPOGRAPHY:
            score += 1
        elif kind == "Ll":
            score += 2 if before.isalpha() else 1 if after.isalpha() else 0
        elif kind == "Lu":
            starts_word = not before.isalpha()
            score += 2 if starts_word and after.islower() else 1 if starts_word or before.isupper() else -2
        else:
            score -= 2
    return score


def _single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1252 or Mac Roman, whichever reads as text; charset-normalizer decides a tie."""
    readings = {}
    for codec in ENCODING_NAMES:
        try:
            readings[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise ImportRefusedError(
            "De tekens in het bestand zijn niet te lezen als UTF-8, Windows-1252 of Mac Roman. Sla het bestand in "
            "Excel op als ‘CSV UTF-8’."
        )
    scores = {codec: _plausibility(text) for codec, text in readings.items()}
    best = max(scores.values())
    leaders = [codec for codec, score in scores.items() if score == best]
    if len(leaders) > 1:
        from charset_normalizer import from_bytes

        match = from_bytes(data, cp_isolation=leaders).best()
        leaders = [match.encoding] if match is not None and match.encoding in readings else ["cp1252"]
    return readings[leaders[0]], ENCODING_NAMES[leaders[0]]


def _mixed_encodings(data: bytes) -> None:
    """Refuse a file of which some lines are UTF-8 and others not, naming the line where it changes."""
    first: tuple[int, bool] | None = None  # the first line with non-ASCII bytes, and whether it is UTF-8
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        if first is None:
            first = (number, utf8)
        elif utf8 != first[1]:
            kinds = ("UTF-8", "een andere tekenset (Windows-1252 of Mac Roman)")
            this, that = (kinds[0], kinds[1]) if utf8 else (kinds[1], kinds[0])
            raise ImportRefusedError(
                f"Deze regel is opgeslagen in {this}, regel {first[0]} in {that}: het bestand mengt twee "
                "tekensets. Sla het in Excel opnieuw op als ‘CSV UTF-8’.",
                line=number,
            )


def detected(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding: a BOM decides (UTF-8, UTF-16); else UTF-8 when it
    is that, else Windows-1252 or Mac Roman as the text reads best."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
        (b"\xff\xfe", "utf-16-le", "UTF-16"),
        (b"\xfe\xff", "utf-16-be", "UTF-16"),
    )
    for bom, codec, name in boms:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                line = data[len(bom) : len(bom) + exc.start].decode(codec, "replace").count("\n") + 1
                raise ImportRefusedError(
                    f"Het bestand begint als {name}, maar deze regel is geen {name}.", line=line
                ) from exc
    if b"\x00" in data:
        raise ImportRefusedError("Dit is geen tekstbestand (CSV); het bevat binaire gegevens.")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    _mixed_encodings(data)
    return _single_byte(data)


def decode(data: bytes) -> str:
    """The text of ``data`` (see :func:`detected`)."""
    return detected(data)[0]


def _numbered(reader: Any, skipped: int) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV reader, each with the line of the file it starts on (quoted line breaks counted)."""
    start_line = 1 + skipped
    try:
        for record in reader:
            yield start_line, record
            start_line = reader.line_num + 1 + skipped
    except csv.Error as exc:
        raise ImportRefusedError(
            "Het bestand is geen geldige CSV: een aanhalingsteken zonder sluitteken, of een veld dat te lang is.",
            line=start_line,
        ) from exc


def read_table(data: bytes, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]) -> CsvTable:
    """Rows of a CSV with a header line. ``columns`` maps each canonical column to the header names
    users write for it (lower case); ``required`` columns must be present."""
    text = decode(data)
    first = next(iter(io.StringIO(text, newline=None)), "")
    skipped, delimiter_hint = 0, ""
    if first.strip().lower().startswith("sep="):  # Excel's hint of its separator
        delimiter_hint = first.strip()[4:5]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        skipped = 1
    header_line = next((line for line in io.StringIO(text, newline=None) if line.strip()), None)
    if header_line is None:
        raise ImportRefusedError("Het bestand is leeg.")
    delimiter = delimiter_hint or max(";,\t", key=header_line.count)
    # Record by record, never all at once: a list of 100,000 people is read in one pass.
    records = _numbered(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True), skipped)
    header_found = next(((number, record) for number, record in records if any(c.strip() for c in record)), None)
    if header_found is None:
        raise ImportRefusedError("Het bestand heeft geen kopregel met kolomnamen.")
    header_line_number, header_record = header_found
    header = [cell.strip().casefold() for cell in header_record]
    names = {alias: canonical for canonical, aliases in columns.items() for alias in aliases}
    positions: dict[str, int] = {}
    ignored = []
    for position, title in enumerate(header):
        canonical = names.get(title)
        if canonical is None:
            if title:
                ignored.append(header_record[position].strip())
        elif canonical in positions:
            raise ImportRefusedError(
                "Deze kolom staat twee keer in de kopregel.", line=header_line_number, column=title
            )
        else:
            positions[canonical] = position
    missing = [columns[name][0] for name in required if name not in positions]
    if missing:
        which = (
            f"De kolommen {', '.join(missing)} ontbreken" if len(missing) > 1 else f"De kolom {missing[0]} ontbreekt"
        )
        found = ", ".join(h for h in header if h) or "niets"
        raise ImportRefusedError(
            f"{which} in de kopregel (gevonden: {found}; scheidingsteken ‘{delimiter}’).", line=header_line_number
        )
    return CsvTable(_rows(records, len(header), positions), tuple(ignored))


def _rows(records: Iterator[tuple[int, list[str]]], width: int, positions: Mapping[str, int]) -> Iterator[CsvRow]:
    empty = True
    for line_number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            raise ImportRefusedError(f"Deze regel heeft {len(record)} velden, de kopregel {width}.", line=line_number)
        empty = False
        yield CsvRow(
            line_number,
            {name: (restore(record[pos].strip()) if pos < len(record) else "") for name, pos in positions.items()},
        )
    if empty:
        raise ImportRefusedError("Het bestand heeft een kopregel maar geen gegevens.")
