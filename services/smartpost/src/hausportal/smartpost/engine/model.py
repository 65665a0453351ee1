"""Plain data of the engine: its inputs (candidate contacts, options) and its results.

Everything here is a frozen dataclass of strings, numbers, UUIDs, enums and tuples, so a caller
can store a result (``to_dict`` gives JSON-ready data, ``from_dict`` reads it back) and resume
a review after a restart without re-running the split.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

# The values of ``hausportal.contracts.directory.ContractRole`` (a StrEnum, so its members can
# be passed as they are). Not imported: the contracts pull in pydantic, and every engine worker
# process would pay for that import at start.
Role = Literal["owner", "tenant"]

# ---------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class CandidateContract:
    """A contract of a candidate contact, with the names staff and letters use for its unit."""

    contract_id: uuid.UUID
    unit_id: uuid.UUID
    property_id: uuid.UUID
    role: Role
    unit_name: str = ""
    property_name: str = ""


@dataclass(frozen=True)
class CandidateContact:
    """A contact the letters may be addressed to, built by the caller from its directory mirror.

    Pass the contracts the caller considers for this serial letter (e.g. the active ones, or
    those in the access window); the engine picks those of the property and recipient circle.
    """

    contact_id: uuid.UUID
    name: str
    contact_number: str | None = None
    street: str | None = None
    zip_code: str | None = None
    city: str | None = None
    archived: bool = False
    contracts: tuple[CandidateContract, ...] = ()

    def label(self) -> str:
        number = f" (Kontakt-Nr. {self.contact_number})" if self.contact_number else ""
        return f"{self.name}{number}"


class SplitMode(enum.StrEnum):
    address_window = "address_window"  # a page whose address window names a contact starts a letter
    fixed_pages = "fixed_pages"  # every N pages are one letter
    separator = "separator"  # a separator text marks the first or last page of each letter


class RecipientCircle(enum.StrEnum):
    owners = "owners"
    tenants = "tenants"
    all = "all"

    def includes(self, role: Role) -> bool:
        if self is RecipientCircle.all:
            return True
        return (self is RecipientCircle.owners) == (role == "owner")


@dataclass(frozen=True)
class SplitOptions:
    mode: SplitMode = SplitMode.address_window
    # fixed_pages: pages per letter.
    pages_per_letter: int | None = None
    # separator: the text (compared after normalisation) and where it is printed.
    separator_text: str | None = None
    separator_position: Literal["first", "last"] = "first"
    # None: cross-property, every contact of the account is a candidate and the
    # "no letter" warning is not given.
    property_id: uuid.UUID | None = None
    circle: RecipientCircle = RecipientCircle.all
    # Archived contacts are only assigned when asked; otherwise a match is reported.
    include_archived: bool = False


# ---------------------------------------------------------------------------------- results


class MatchMethod(enum.StrEnum):
    """How a letter was found: by the address window's contents, or by the split mode."""

    contact_number = "contact_number"
    name_address = "name_address"
    fixed_pages = "fixed_pages"
    separator = "separator"


class ProblemKind(enum.StrEnum):
    unmatched = "unmatched"  # the address window names nobody of the master data
    ambiguous = "ambiguous"  # it names two or more contacts
    name_mismatch = "name_mismatch"  # the contact number is printed, the name does not fit
    duplicate_contact = "duplicate_contact"  # the contact gets two letters for the same unit
    archived_contact = "archived_contact"  # it names an archived contact (not asked for)
    outside_scope = "outside_scope"  # the contact has no contract of the property/circle
    unit_choice = "unit_choice"  # several units fit and the letter names none of them
    split_irregular = "split_irregular"  # fixed/separator split does not fit the pages


@dataclass(frozen=True)
class Problem:
    """Why a letter may not be published before a member of staff decides. German message."""

    kind: ProblemKind
    message: str
    # 0-based page indices of the source file concerned.
    pages: tuple[int, ...] = ()
    # Contacts involved: the candidates of an ambiguous match, the archived or out-of-scope
    # contact, close matches offered for an unmatched page.
    contact_ids: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class UnitOption:
    property_id: uuid.UUID
    unit_id: uuid.UUID
    property_name: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class Letter:
    """Consecutive pages of the source file for one recipient (or for staff to assign)."""

    index: int
    # 0-based page indices of the source file, in order.
    pages: tuple[int, ...]
    # How the letter was found: the split mode (fixed_pages, separator), or in address-window
    # mode how its first page named the contact; None: nobody recognised (see problems).
    method: MatchMethod | None
    # How the contact was recognised, in every mode (None: not recognised).
    identified_by: MatchMethod | None
    contact_id: uuid.UUID | None
    confidence: float
    # What matched, in German, for the review list ("Kontakt-Nr. 10042 und Name im Adressfeld").
    reason: str
    window_text: str
    property_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    # When the unit is left for staff: the units that fit.
    unit_options: tuple[UnitOption, ...] = ()
    problems: tuple[Problem, ...] = ()
    # Digest of the letter's pages (count and address window texts): a re-split that yields
    # the same fingerprint found the same letter, so a manual assignment can be kept.
    fingerprint: str = ""

    @property
    def ready(self) -> bool:
        """May be published without a decision by staff."""
        return not self.problems and self.contact_id is not None and self.unit_id is not None


@dataclass(frozen=True)
class MissingContact:
    """A contact of the recipient circle of the property without any letter (a warning)."""

    contact_id: uuid.UUID
    name: str
    contact_number: str | None
    unit_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True)
class SplitResult:
    page_count: int
    options: SplitOptions
    letters: tuple[Letter, ...]
    missing_contacts: tuple[MissingContact, ...] = ()

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(p for letter in self.letters for p in letter.problems)

    @property
    def ready(self) -> bool:
        return all(letter.ready for letter in self.letters)

    def to_dict(self) -> dict[str, Any]:
        return _dump(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SplitResult:
        return _load(cls, data)


@dataclass(frozen=True)
class PageText:
    """The text found on one page: always its address window, the whole page when asked."""

    index: int
    window: str
    full: str | None = None


@dataclass(frozen=True)
class Progress:
    """Reported to the caller's callback; raising from the callback cancels the work."""

    stage: Literal["extract", "assemble"]
    done: int
    total: int


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class LetterFile:
    letter_index: int
    path: str
    page_count: int


@dataclass(frozen=True)
class PrintFileEntry:
    """Where a letter starts in the combined print file (0-based) and how many pages it has."""

    letter_index: int
    first_page: int
    page_count: int


@dataclass(frozen=True)
class AssemblyResult:
    letter_files: tuple[LetterFile, ...]
    print_file: str | None = None
    print_entries: tuple[PrintFileEntry, ...] = ()
    attachment_pages: int = 0

    def to_dict(self) -> dict[str, Any]:
        return _dump(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssemblyResult:
        return _load(cls, data)


# ---------------------------------------------------------------------- (de)serialisation

T = TypeVar("T")


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    return value


def _load(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(inner[0], data)
    if origin is tuple:
        (item, *_rest) = typing.get_args(tp)
        return tuple(_load(item, v) for v in data)
    if origin is Literal:
        return data
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        kwargs = {f.name: _load(hints[f.name], data[f.name]) for f in dataclasses.fields(tp)}
        return tp(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum | uuid.UUID):
        return tp(data)
    return data


__all__ = [
    "AssemblyResult",
    "CandidateContact",
    "CandidateContract",
    "Letter",
    "LetterFile",
    "MatchMethod",
    "MissingContact",
    "PageText",
    "PrintFileEntry",
    "Problem",
    "ProblemKind",
    "Progress",
    "ProgressCallback",
    "RecipientCircle",
    "Role",
    "SplitMode",
    "SplitOptions",
    "SplitResult",
    "UnitOption",
]
