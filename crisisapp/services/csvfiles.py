"""Reading CSV files as Dutch Excel writes them: ';' or ',', UTF-8 with or without BOM, or Windows-1252."""

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

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
    rows: tuple[CsvRow, ...]
    ignored_columns: tuple[str, ...]


def decode(data: bytes) -> str:
    """The text of ``data``: UTF-8 (with or without BOM) if it is that, else Windows-1252."""
    if b"\x00" in data:
        raise ImportRefusedError("Dit is geen tekstbestand (CSV); het bevat binaire gegevens.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportRefusedError(
            "De tekens in het bestand zijn niet te lezen als UTF-8 of Windows-1252. Sla het bestand in Excel op "
            "als ‘CSV UTF-8’."
        ) from exc


def read_table(data: bytes, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]) -> CsvTable:
    """Rows of a CSV with a header line. ``columns`` maps each canonical column to the header names
    users write for it (lower case); ``required`` columns must be present."""
    text = decode(data)
    lines = text.splitlines()
    skipped = 0
    delimiter_hint = ""
    if lines and lines[0].strip().lower().startswith("sep="):  # Excel's hint of its separator
        delimiter_hint = lines[0].strip()[4:5]
        text = text.split("\n", 1)[1] if "\n" in text else ""
        lines, skipped = lines[1:], 1
    if not any(line.strip() for line in lines):
        raise ImportRefusedError("Het bestand is leeg.")
    header_line = next(line for line in lines if line.strip())
    delimiter = delimiter_hint or (";" if header_line.count(";") >= header_line.count(",") else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []  # each record with the line of the file it starts on
    start_line = 1 + skipped
    try:
        for record in reader:
            records.append((start_line, record))
            start_line = reader.line_num + 1 + skipped
    except csv.Error as exc:
        raise ImportRefusedError(
            "Het bestand is geen geldige CSV: een aanhalingsteken zonder sluitteken, of een veld dat te lang is.",
            line=start_line,
        ) from exc
    header_index = next((i for i, (_, record) in enumerate(records) if any(cell.strip() for cell in record)), None)
    if header_index is None:
        raise ImportRefusedError("Het bestand heeft geen kopregel met kolomnamen.")
    header_line_number, header_record = records[header_index]
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
    rows = []
    for line_number, record in records[header_index + 1 :]:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header) and any(cell.strip() for cell in record[len(header) :]):
            raise ImportRefusedError(
                f"Deze regel heeft {len(record)} velden, de kopregel {len(header)}.", line=line_number
            )
        rows.append(
            CsvRow(
                line_number,
                {name: (record[pos].strip() if pos < len(record) else "") for name, pos in positions.items()},
            )
        )
    if not rows:
        raise ImportRefusedError("Het bestand heeft een kopregel maar geen gegevens.")
    return CsvTable(tuple(rows), tuple(ignored))
