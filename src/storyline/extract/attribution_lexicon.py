"""The words attribution finding reads, loaded once from `lexicons/cue_verbs.json` and
`lexicons/attribution_sources.json`.

Coverage is data: a cue verb, a kind of anonymous source or a news organisation's name is added by editing the JSON
files, not this code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LEXICONS = Path(__file__).resolve().parent / "lexicons"


@dataclass(frozen=True, slots=True)
class CueLexicon:
    speech: frozenset[str]  # clause content; may introduce a quote or come last ("…, officials said")
    quote_only: frozenset[str]  # cues only next to a quotation ("“…,” he continued")
    thought: frozenset[str]  # clause content ("believe that …", "…, he thinks")
    evidence: frozenset[str]  # clause content; the source is often a thing ("the poll shows …")
    object: frozenset[str]  # the object is the content ("called the plan a disaster")
    object_as: frozenset[str]  # the object is the content when an "as" phrase completes it ("sees X as …")
    infinitive: frozenset[str]  # a to-infinitive is the content ("vowed to …", "urged him to …")
    prepositional: Mapping[str, frozenset[str]]  # lemma → prepositions whose object is the content ("called for …")
    light: Mapping[str, frozenset[str]]  # verb → object nouns that make it a cue ("made the case for …")
    surface: Mapping[str, str]  # word form → lemma, where the tagger's lemma is wrong ("hopes" → "hop")
    report: frozenset[str]  # the attribution is a report whoever the source is
    chain: frozenset[str]  # "citing X", "quoting X", "quoted by X"
    according: tuple[tuple[str, ...], ...]  # multi-word prepositional cues, lower case
    in_findings: frozenset[str]  # "In a CNN poll released Monday, …"
    colon_not_sources: frozenset[str]  # "Photo: …" is no one speaking
    nouns: frozenset[str]  # "a report that …"
    noun_objects: Mapping[str, frozenset[str]]  # "his attacks on …": noun → prepositions
    noun_infinitives: frozenset[str]  # "her decision to …"

    @property
    def clause(self) -> frozenset[str]:
        return self.speech | self.thought | self.evidence

    @property
    def verbs(self) -> frozenset[str]:
        return (self.clause | self.quote_only | self.object | self.object_as | self.infinitive
                | frozenset(self.prepositional))


@dataclass(frozen=True, slots=True)
class SourceLexicon:
    anonymous: frozenset[str]
    person: frozenset[str]
    group: frozenset[str]
    news_nouns: frozenset[str]
    news_names: frozenset[str]
    documents: frozenset[str]
    pronouns: Mapping[str, str]
    determiners: frozenset[str]
    named_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: CueLexicon
    sources: SourceLexicon
    clause_cues: frozenset[str]
    verb_cues: frozenset[str]


def _words(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key, ()))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cue_data = json.loads((LEXICONS / "cue_verbs.json").read_text(encoding="utf-8"))
    src_data = json.loads((LEXICONS / "attribution_sources.json").read_text(encoding="utf-8"))
    cues = CueLexicon(
        speech=_words(cue_data, "speech"),
        quote_only=_words(cue_data, "quote_only"),
        thought=_words(cue_data, "thought"),
        evidence=_words(cue_data, "evidence"),
        object=_words(cue_data, "object"),
        object_as=_words(cue_data, "object_as"),
        infinitive=_words(cue_data, "infinitive"),
        prepositional={str(k).lower(): frozenset(str(p).lower() for p in v)
                       for k, v in cue_data.get("prepositional", {}).items()},
        light={str(k).lower(): frozenset(str(n).lower() for n in v) for k, v in cue_data.get("light", {}).items()},
        surface={str(k).lower(): str(v).lower() for k, v in cue_data.get("surface", {}).items()},
        report=_words(cue_data, "report"),
        chain=_words(cue_data, "chain"),
        according=tuple(tuple(w.lower() for w in phrase) for phrase in cue_data.get("according", ())),
        in_findings=_words(cue_data, "in_findings"),
        colon_not_sources=_words(cue_data, "colon_not_sources"),
        nouns=_words(cue_data, "nouns"),
        noun_objects={str(k).lower(): frozenset(str(p).lower() for p in v)
                      for k, v in cue_data.get("noun_objects", {}).items()},
        noun_infinitives=_words(cue_data, "noun_infinitives"),
    )
    sources = SourceLexicon(
        anonymous=_words(src_data, "anonymous"),
        person=_words(src_data, "person"),
        group=_words(src_data, "group"),
        news_nouns=_words(src_data, "news_nouns"),
        news_names=_words(src_data, "news_names"),
        documents=_words(src_data, "documents"),
        pronouns={str(k).lower(): str(v) for k, v in src_data.get("pronouns", {}).items()},
        determiners=_words(src_data, "determiners"),
        named_types=frozenset(str(w).upper() for w in src_data.get("named_types", ())),
    )
    return Lexicon(cues, sources, cues.clause, cues.verbs)
