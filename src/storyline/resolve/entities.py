"""Entities across articles: each article's resolved names joined to the entities the dossier already knows.

The in-article pass (`extract.entities`) gives every mention a canonical name ("Pyongyang said" → "North Korea",
"The Post" → "The Washington Post", "Kim" → "Kim Song-hye"). Here each (canonical name, type) of a new article
is matched against a `Registry` of entities, and joins one or makes a new one:

1. the exact key ("Kim Jong-il" = "Kim Jong Il" = "KIM JONGIL"; "the Washington Post" = "Washington Post"): one
   look-up, and most names of a long-running story end here;
2. otherwise the entities that share a blocking key with the name (`names.lookup_keys`), each kept only if the
   name relates to every one of its aliases and joins it by at least one (`names.relation`), so "George H. W.
   Bush" never joins an entity that already holds "George W. Bush", nor "New York Post" one holding "Washington
   Post" and "Post";
3. exactly one such entity: the name joins it; none or several: the name is a new entity (precision first: a
   short name that could be two entities is neither).

Types never cross groups (`names.group_of`): a person never meets an organisation; a people ("North Korean",
whose canonical is already "North Korea") counts for its country, whose type is GPE.

A lone word for a person ("Kim", where the article never gave a full name) is its own entity, shared only with
the same lone word in other articles: which Kim it was cannot be told once the article is left, and attaching it
to the only full name known so far would be wrong the day a second one appears.

The registry is a protocol so that the store can keep entities in SQL; `MemoryRegistry` keeps them in dicts.
The work per name is one or two `candidates` calls with at most `names.MAX_KEYS` keys each, and the candidates are
the entities sharing a key: near-linear in the number of names, never all pairs. Ids are a hash of the group and
the exact key of the first name seen, so they do not change as aliases are added.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from storyline.model import EntityRecord, stable_id
from storyline.resolve.names import (
    NameForm,
    exact_key,
    group_types,
    index_keys,
    lookup_keys,
    name_form,
    relation,
    score,
)

__all__ = ["EntityRecord", "MemoryRegistry", "Registry", "blocking_keys", "resolve"]


class Registry(Protocol):
    def candidates(self, keys: Sequence[str]) -> list[EntityRecord]:
        """The entities stored under any of the keys, each once, oldest first."""
        ...

    def create(self, record: EntityRecord, keys: Sequence[str]) -> None:
        """Store a new entity under the keys."""
        ...

    def update(self, record: EntityRecord, keys: Sequence[str]) -> None:
        """Replace an entity's record (new aliases, name or type) and store it under the keys as well."""
        ...


class MemoryRegistry:
    """A registry in dicts, for tests, the bench and one-off runs. `lookups` and `returned` count the work."""

    __slots__ = ("_blocks", "_records", "lookups", "returned")

    def __init__(self) -> None:
        self._records: dict[str, EntityRecord] = {}
        self._blocks: dict[str, list[str]] = {}
        self.lookups = 0
        self.returned = 0

    def candidates(self, keys: Sequence[str]) -> list[EntityRecord]:
        self.lookups += 1
        seen: dict[str, None] = {}
        for key in keys:
            for id_ in self._blocks.get(key, ()):
                seen.setdefault(id_, None)
        self.returned += len(seen)
        return [self._records[id_] for id_ in seen]

    def create(self, record: EntityRecord, keys: Sequence[str]) -> None:
        self._records[record.id] = record
        self._index(record.id, keys)

    def update(self, record: EntityRecord, keys: Sequence[str]) -> None:
        self._records[record.id] = record
        self._index(record.id, keys)

    def _index(self, id_: str, keys: Sequence[str]) -> None:
        for key in keys:
            block = self._blocks.setdefault(key, [])
            if id_ not in block:
                block.append(id_)

    def get(self, id_: str) -> EntityRecord | None:
        return self._records.get(id_)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[EntityRecord]:
        return iter(list(self._records.values()))


def blocking_keys(name: str, type_: str) -> list[str]:
    """The keys an entity holding this name is stored under: its exact key, then the keys that let other forms
    of it find it (first and last word of a person; core, acronym, initials, paper and spelling keys of an
    organisation). At most `names.MAX_KEYS`; [] for a name with nothing of a name in it."""
    form = name_form(name, type_)
    return index_keys(form) if form else []


def _forms(record: EntityRecord) -> list[NameForm]:
    return [f for f in (name_form(a, record.type) for a in record.aliases) if f is not None]


def _joins(form: NameForm, record: EntityRecord) -> bool:
    """The name relates to every alias of the entity, and by more than being a full name of its short one."""
    rels = [relation(form, alias) for alias in _forms(record)]
    return bool(rels) and all(r is not None for r in rels) and any(r != "long" for r in rels)


def _find(registry: Registry, form: NameForm) -> EntityRecord | None:
    exact = registry.candidates([exact_key(form)])
    if exact:
        return exact[0]
    keys = lookup_keys(form)
    if not keys:
        return None
    found = [r for r in registry.candidates(keys) if _joins(form, r)]
    return found[0] if len(found) == 1 else None


def _extended(record: EntityRecord, form: NameForm, type_: str) -> EntityRecord | None:
    """The record with the name among its aliases (and maybe as its name, its type), or None if unchanged."""
    aliases = record.aliases if form.text in record.aliases else (*record.aliases, form.text)
    best = record.name
    current = name_form(record.name, record.type)
    if current is None or score(form) > score(current):
        best = form.text
    kind = _preferred(record.type, type_)
    if aliases == record.aliases and best == record.name and kind == record.type:
        return None
    return replace(record, name=best, type=kind, aliases=aliases)


def _preferred(a: str, b: str) -> str:
    """The entity's type when it is named with both: the one its group lists first (GPE over NORP)."""
    order = group_types(a)
    return min((a, b), key=lambda t: order.index(t) if t in order else len(order))


def resolve(registry: Registry, names: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Map each (canonical name, type) of one article to an entity id, creating or extending entities.

    Longer names go first, so that an article's full names are in the registry before its short ones are
    matched. Names with nothing of a name in them ("—") are left out of the result."""
    todo = [(name, type_, form) for name, type_ in dict.fromkeys(names)
            if (form := name_form(name, type_)) is not None]
    todo.sort(key=lambda item: -len(item[2].words))
    out: dict[tuple[str, str], str] = {}
    for name, type_, form in todo:
        record = _find(registry, form)
        if record is None:
            record = EntityRecord(stable_id("entity", form.group, form.key), name, type_, (name,))
            registry.create(record, index_keys(form))
        else:
            changed = _extended(record, form, type_)
            if changed is not None:
                registry.update(changed, index_keys(form) if name not in record.aliases else [])
        out[(name, type_)] = record.id
    return out
