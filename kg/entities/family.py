"""The contract between the entity rule families, and the registry that lists them.

A rule family is a function registered under an id (``@family("family.quoted_names",
reads=(...))``, in spaCy's registry as ``kg.entity_family.quoted_names.v1``) that
declares the sections of the rule tables it reads. It takes the document's read-only
context and what the families before it found (:class:`Found`), and returns what it
proposes (:class:`Proposals`): spans with a kind, a name, a rule id and a strength, and,
as fields of their own, what it tells later families (positions no later name may walk
across, quoted spans it consumed, spans for the review queue, earlier proposals it takes
back). A step refines the chosen spans after the families (``@step("step.versions")``);
the selection of overlapping proposals is one registered filter,
``kg.first_longest_spans_filter.v1``, as spaCy's SpanRuler takes
``spacy.first_longest_spans_filter.v1``. The order of both is data: the ``recognition``
section of kg/rules/entities.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from spacy.util import registry

from kg.grammar import (
    RuleTableError,
)

if TYPE_CHECKING:
    from kg.entities.context import DocContext


@dataclass(frozen=True)
class Proposal:
    """A span a rule family proposes as a name, in offsets of the compact text."""

    start: int
    end: int
    kind: str
    name: str
    rule: str
    strength: int


@dataclass(frozen=True)
class Review:
    """A span a weak rule found but did not accept: a candidate for the review queue."""

    start: int
    end: int
    kind: str
    name: str
    rule: str


@dataclass(frozen=True)
class Proposals:
    """What one family found, and what it tells the families after it."""

    proposals: tuple[Proposal, ...] = ()
    hard: frozenset[int] = frozenset()
    """Positions inside a bank's or regulator's name: no later name walks left across them."""
    consumed: tuple[tuple[int, int], ...] = ()
    """Quoted spans read as one name: a lexicon word wholly inside one gives way."""
    review: tuple[Review, ...] = ()
    withdrawn: tuple[Proposal, ...] = ()
    """Earlier proposals this family takes back (电子钱包 before PayGo+ only describes it)."""


@dataclass(frozen=True)
class Found:
    """What the families so far found, handed to the next one as an argument."""

    proposals: tuple[Proposal, ...] = ()
    hard: frozenset[int] = frozenset()
    consumed: tuple[tuple[int, int], ...] = ()
    review: tuple[Review, ...] = ()

    def plus(self, more: Proposals) -> Found:
        """This, with one more family's findings after it."""
        kept = self.proposals
        if more.withdrawn:
            gone = set(more.withdrawn)
            kept = tuple(p for p in kept if p not in gone)
        return Found(
            kept + more.proposals,
            self.hard | more.hard,
            self.consumed + more.consumed,
            self.review + more.review,
        )


FamilyFn = Callable[["DocContext", Found], Proposals]
StepFn = Callable[["DocContext", Found, list[Proposal]], list[Proposal]]
SpansFilter = Callable[[list[Proposal]], list[Proposal]]


@dataclass(frozen=True)
class Family:
    id: str
    reads: tuple[str, ...]
    find: FamilyFn


@dataclass(frozen=True)
class Step:
    id: str
    reads: tuple[str, ...]
    refine: StepFn


FAMILIES: dict[str, Family] = {}
STEPS: dict[str, Step] = {}
READERS: dict[str, tuple[str, ...]] = {}
"""Every declared reader of the rule tables (families, steps, shared helpers, loaders)
and the sections it reads: ``name`` for a section of entities.yaml, ``file.yaml:name``
for one of another table, ``file.yaml:*`` for all of one."""

F = TypeVar("F", bound=Callable[..., Any])


def _registered_name(id: str, what: str) -> str:
    return f"kg.entity_{what}.{id.split('.', 1)[1]}.v1"


def reads(id: str, sections: Iterable[str]) -> None:
    """Declare that ``id`` (a shared helper or a loader) reads these table sections."""
    READERS[id] = tuple(sections)


def family(id: str, reads: Iterable[str]) -> Callable[[F], F]:
    """Register a rule family under ``id``, with the table sections it reads."""

    def register(fn: F) -> F:
        registry.misc(_registered_name(id, "family"), func=fn)
        FAMILIES[id] = Family(id, tuple(reads), fn)
        READERS[id] = tuple(reads)
        return fn

    return register


def step(id: str, reads: Iterable[str] = ()) -> Callable[[F], F]:
    """Register a step on the chosen spans under ``id``, with the sections it reads."""

    def register(fn: F) -> F:
        registry.misc(_registered_name(id, "step"), func=fn)
        STEPS[id] = Step(id, tuple(reads), fn)
        READERS[id] = tuple(reads)
        return fn

    return register


@registry.misc("kg.first_longest_spans_filter.v1")
def first_longest_spans_filter(props: list[Proposal]) -> list[Proposal]:
    """Longest first, then strongest; a span overlapping a chosen one is dropped."""
    order = sorted(props, key=lambda p: (-(p.end - p.start), -p.strength, p.start, p.kind))
    chosen: list[Proposal] = []
    taken = bytearray()
    for p in order:
        if len(taken) < p.end:
            taken.extend(b"\0" * (p.end - len(taken)))
        if any(taken[p.start : p.end]):
            continue
        chosen.append(p)
        taken[p.start : p.end] = b"\1" * (p.end - p.start)
    return chosen


@lru_cache(maxsize=8)
def spans_filter(name: str) -> SpansFilter:
    """The registered filter of overlapping proposals called ``name``, looked up once per
    process: spaCy's registry reads every installed package's entry points at each look-up
    (0.5 ms, asked for each document); an unknown name is asked again."""
    try:
        fn: SpansFilter = registry.misc.get(name)
    except Exception as exc:  # catalogue raises its own RegistryError
        raise RuleTableError(f"entities.yaml recognition: unknown spans filter {name!r}") from exc
    return fn
