"""Numbers and measures as Dutch readers write them (no Qt: the services and reports use this too)."""


def number(value: int) -> str:
    """A whole number with a point between the thousands: ``12.345``; 999 and below as they are."""
    return f"{value:,}".replace(",", ".")


def counted(number: int, one: str, many: str) -> str:
    """``number`` with its noun in the singular or the plural: "1 functie", "0 functies", "3 functies"."""
    return f"{number} {one if number == 1 else many}"


def metres(value: float, decimals: int = 2) -> str:
    """A length with a decimal comma: ``3,10 m``."""
    return f"{value:.{decimals}f} m".replace(".", ",")


def against_minimum(measured: float | None, minimum: float) -> str:
    """A measured length against the least it should be, below it said in words, so that no colour alone
    tells: ``3,10 m · onder 3,5 m``, ``4,00 m``, ``niet gemeten``."""
    if measured is None:
        return "niet gemeten"
    return metres(measured) + (f" · onder {metres(minimum, 1)}" if measured < minimum else "")
