"""The use cases of each area. A service function takes a session first and returns frozen records."""

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable[..., object])

_LABELS: dict[Callable[..., object], str] = {}


def use_case(label: str) -> Callable[[F], F]:
    """Name a service function in Dutch, as the audit trail shows the action a change came through."""

    def mark(function: F) -> F:
        _LABELS[function] = label
        return function

    return mark


def label_of(function: Callable[..., object]) -> str:
    return _LABELS.get(function, getattr(function, "__name__", "onbekend"))
