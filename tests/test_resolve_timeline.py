"""The timeline's merge rules without a database: one document after another resolved into an in-memory registry
and timeline, as the store would write them. The same scenario runs through the SQL store in
tests/test_store_timeline.py and must give the same items."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from storyline.model import (
    Annotations,
    Attribution,
    Document,
    DocumentFacts,
    Event,
    EventDate,
    Mention,
    Source,
    Span,
)
from storyline.resolve.entities import MemoryRegistry
from storyline.resolve.facts import resolve_document
from storyline.resolve.timeline import KEY, UNDATED_WINDOW, MemoryTimeline

NK, JAPAN = ("North Korea", "GPE"), ("Japan", "GPE")
MEGUMI, TAGUCHI = ("Megumi Yokota", "PERSON"), ("Yaeko Taguchi", "PERSON")
KIM = ("Kim Jong Il", "PERSON")


@dataclass(frozen=True)
class Ev:
    type: str
    action: str
    actors: tuple[tuple[str, str], ...] = ()
    targets: tuple[tuple[str, str], ...] = ()
    when: tuple[str, date, date] | None = None  # (value, first day, last day), given by the text
    place: str | None = None


def article(label: str, published: date | None, *events: Ev, outlet: str = "Northgate Wire") -> Annotations:
    """A document with one sentence per event ("North Korea abduct Megumi Yokota."), its names as mentions."""
    text, mentions, spans = f"{label}.\n", [], []
    for ev in events:
        start = len(text)
        for name, type_ in ev.actors:
            mentions.append(Mention(len(text), len(text) + len(name), name, type_, name))
            text += name + " "
        trigger = (len(text), len(text) + len(ev.action))
        text += ev.action
        for name, type_ in ev.targets:
            text += " "
            mentions.append(Mention(len(text), len(text) + len(name), name, type_, name))
            text += name
        text += ".\n"
        spans.append((start, len(text) - 1, trigger))
    doc = Document(id=Document.id_for(text), text=text, outlet=outlet, published=published)
    return Annotations(doc, entities=tuple(mentions), events=tuple(
        Event(ev.type, ev.action, Span.of(text, *trigger), Span.of(text, start, end),
              actors=tuple(n for n, _ in ev.actors), targets=tuple(n for n, _ in ev.targets), location=ev.place,
              date=EventDate(ev.when[0], ev.when[1], ev.when[2], "text") if ev.when else None)
        for ev, (start, end, trigger) in zip(events, spans, strict=True)
    ))


def day(value: str) -> tuple[str, date, date]:
    d = date.fromisoformat(value)
    return value, d, d


class Dossier:
    """Resolution into memory, each document's changes applied as the store applies them."""

    def __init__(self) -> None:
        self.registry = MemoryRegistry()
        self.timeline = MemoryTimeline()

    def add(self, a: Annotations) -> DocumentFacts:
        facts = resolve_document(a, self.registry, self.timeline)
        self.timeline.apply(facts.items)
        return facts


def items_of(*facts: DocumentFacts) -> list[str | None]:
    return [e.item_id for f in facts for e in f.events]


# the scenario both the memory and the SQL timeline are run on (tests/test_store_timeline.py)
SCENARIO = [
    article("Admission", date(2002, 9, 17),
            Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15"))),
    article("Remains", date(2004, 12, 9),
            Ev("ASSAULT", "abduct", (NK,), (MEGUMI, JAPAN), day("1977-11-15")),
            Ev("ASSAULT", "abduct", (NK,), (TAGUCHI,), day("1978-06-29"))),
    article("Probe", date(2014, 5, 30),
            Ev("ASSAULT", "kidnap", (NK,), (JAPAN,)),
            Ev("CONSULT", "meet", (JAPAN, NK), (), ("2014-05", date(2014, 5, 1), date(2014, 5, 31)), "Stockholm")),
    article("Probe, two days on", date(2014, 6, 1),
            Ev("ASSAULT", "kidnap", (NK,), (JAPAN,)),
            Ev("CONSULT", "meet", (JAPAN, NK), (), ("2014-05", date(2014, 5, 1), date(2014, 5, 31)), "Beijing"),
            Ev("ASSAULT", "abduct", (NK,), (TAGUCHI,), day("1978-06-29"))),
    article("Rejection", date(2024, 3, 26),
            Ev("ASSAULT", "kidnap", (NK,), (JAPAN,))),
]


def test_the_same_event_retold_in_two_articles_is_one_item() -> None:
    d = Dossier()
    first = d.add(SCENARIO[0])
    second = d.add(SCENARIO[1])
    assert second.events[0].item_id == first.events[0].item_id
    item = d.timeline.items[first.events[0].item_id or ""]
    assert item.events == 2 and item.sources == ("Northgate Wire",)
    megumi, japan = (d.registry.get(i) for i in item.targets)
    assert megumi is not None and megumi.name == "Megumi Yokota" and japan is not None and japan.name == "Japan"
    assert (item.first_published, item.last_published) == (date(2002, 9, 17), date(2004, 12, 9))


def test_two_events_of_one_kind_sharing_a_participant_on_different_dates_stay_apart() -> None:
    d = Dossier()
    d.add(SCENARIO[0])
    remains = d.add(SCENARIO[1])
    megumi, taguchi = items_of(remains)
    assert megumi != taguchi  # both abducted by North Korea, in 1977 and in 1978


def test_the_best_match_wins_over_an_earlier_one_sharing_fewer_participants() -> None:
    d = Dossier()
    megumi = d.add(article("Niigata", date(2002, 9, 17),
                           Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15"), "Niigata")))
    wide = d.add(article("Abductions", date(2002, 9, 1),
                         Ev("ASSAULT", "abduct", (NK,), (JAPAN,), ("1977", date(1977, 1, 1), date(1977, 12, 31)),
                            "Tokyo")))
    assert items_of(megumi) != items_of(wide)  # two places: two events
    again = d.add(article("Remains again", date(2004, 12, 10),
                          Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15"))))
    assert items_of(again) == items_of(megumi)  # both match; the one sharing two participants, not the earlier


def test_undated_events_merge_only_when_reported_within_days_of_each_other() -> None:
    d = Dossier()
    probe = d.add(SCENARIO[2])
    two_days_on = d.add(SCENARIO[3])
    rejection = d.add(SCENARIO[4])
    assert probe.events[0].item_id == two_days_on.events[0].item_id  # 2014-05-30 and 2014-06-01
    assert rejection.events[0].item_id != probe.events[0].item_id  # ten years on: another report, another item
    late = d.add(article("Too late", date(2014, 5, 30) + UNDATED_WINDOW * 2, Ev("ASSAULT", "kidnap", (NK,), (JAPAN,))))
    assert late.events[0].item_id != probe.events[0].item_id  # within days of the last report, not of the first


def test_undated_events_need_a_shared_participant_and_a_publication_date() -> None:
    d = Dossier()
    first = d.add(article("One", date(2014, 5, 30), Ev("ASSAULT", "kidnap", (NK,), (JAPAN,))))
    other = d.add(article("Other", date(2014, 5, 31), Ev("ASSAULT", "kidnap", (("South Korea", "GPE"),), (MEGUMI,))))
    undated_doc = d.add(article("No date", None, Ev("ASSAULT", "kidnap", (NK,), (JAPAN,))))
    assert len(set(items_of(first, other, undated_doc))) == 3


def test_conflicting_places_never_merge_and_an_unplaced_report_joins() -> None:
    d = Dossier()
    stockholm = d.add(SCENARIO[2]).events[1].item_id
    beijing = d.add(SCENARIO[3]).events[1].item_id
    assert stockholm != beijing
    unplaced = d.add(article("Talks", date(2014, 6, 2), Ev("CONSULT", "meet", (NK, JAPAN), (),
                                                           ("2014-05", date(2014, 5, 1), date(2014, 5, 31)))))
    assert unplaced.events[0].item_id in (stockholm, beijing)


def test_events_of_one_document_merge_with_each_other() -> None:
    d = Dossier()
    twice = d.add(article("Twice", date(2002, 9, 17), Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15")),
                          Ev("ASSAULT", "abduct", (NK,), (MEGUMI,), day("1977-11-15"))))
    assert items_of(twice)[0] == items_of(twice)[1]
    assert len(twice.items) == 1 and twice.items[0].new and twice.items[0].item.events == 2


def test_item_ids_are_the_same_on_every_run() -> None:
    runs = []
    for _ in range(2):
        d = Dossier()
        runs.append([items_of(d.add(a)) for a in SCENARIO])
    assert runs[0] == runs[1]


def test_one_name_under_two_types_is_two_entities_and_each_use_finds_its_own() -> None:
    text = "Washington said the talks failed. Later Washington pressed Tokyo on trade, Washington wrote."
    doc = Document(id=Document.id_for(text), text=text, published=date(2020, 1, 1))
    at = [i for i in range(len(text)) if text.startswith("Washington", i)]
    person, place, again = (Mention(i, i + 10, "Washington", t, "Washington")
                            for i, t in zip(at, ("PERSON", "GPE", "PERSON"), strict=True))
    source = Source(0, 10, "Washington", "Washington", "PERSON")
    said, pressed = text.index("said"), text.index("pressed")
    a = Annotations(doc, entities=(person, place, again), attributions=(
        Attribution(Span.of(text, said + 5, text.index(".")), "indirect", Span.of(text, said, said + 4), source,
                    (source,)),
    ), events=(Event("DEMAND", "press", Span.of(text, pressed, pressed + 7), Span.of(text, place.start, len(text)),
                     actors=("Washington",), targets=("Tokyo",)),))
    facts = Dossier().add(a)
    by_type = {m.mention.type: m.entity_id for m in facts.mentions}
    assert by_type["PERSON"] != by_type["GPE"]
    assert [c.source_entity_id for c in facts.claims] == [by_type["PERSON"]]
    assert facts.events[0].actors == (by_type["GPE"],)  # the name as written nearest the event's verb: the place
    assert dict(facts.entity_mentions) == {by_type["PERSON"]: 2, by_type["GPE"]: 1}


def test_every_event_mention_with_a_participant_is_an_item_a_modal_or_denied_one_is_not() -> None:
    a = article("Balloons", date(2024, 6, 2),
                Ev("OTHER", "send", (NK,), (), day("2024-06-01")),
                Ev("OTHER", "float", (NK,), ()),
                Ev("OTHER", "drop", (NK,), (), day("2024-06-01")),
                Ev("OTHER", "state", (NK,), (), day("2024-06-01")),
                Ev("OTHER", "deny", (NK,), (), day("2024-06-01")),
                Ev("OTHER", "rise", (), (), day("2024-06-01")))
    sent, floated, dropped, stated, denied, nobody = a.events
    a = replace(a, events=(
        replace(sent, coded=False),
        replace(floated, coded=False),
        replace(dropped, coded=False, modality="could"),
        replace(stated, coded=False, mention_class="STATE"),
        replace(denied, coded=False, polarity="NEG"),
        replace(nobody, coded=False),
    ))
    assert [e.item_id is not None for e in Dossier().add(a).events] == [True, True, False, True, False, False]


def test_a_retelling_without_a_date_joins_the_dated_item_of_its_event() -> None:
    d = Dossier()
    summit = d.add(article("Summit", date(2002, 9, 17), Ev("CONCEDE", "admit", (KIM,), (JAPAN,), day("2002-09-17"))))
    other = d.add(article("Another", date(2002, 9, 20), Ev("CONCEDE", "admit", (KIM,), (TAGUCHI,), day("2002-09-20"))))
    later = d.add(article("Later", date(2014, 6, 2),
                          Ev("CONCEDE", "admit", (KIM,), (JAPAN,)),  # "a month after Kim Jong Il admitted ..."
                          Ev("CONCEDE", "concede", (KIM,), (JAPAN,)),  # another action: not on a participant alone
                          Ev("CONCEDE", "admit", (NK,), (MEGUMI,))))  # no one in common
    item = summit.events[0].item_id
    assert other.events[0].item_id != item  # two dated admissions: the retelling joins the one it shares most with
    assert later.events[0].item_id == item
    assert later.events[1].item_id not in (item, None) and later.events[2].item_id not in (item, None)
    kept = d.timeline.items[item or ""]
    assert kept.date is not None and kept.date.value == "2002-09-17" and kept.events == 2  # the date of its own
    before = d.add(article("Before", date(2001, 1, 1), Ev("CONCEDE", "admit", (KIM,), (JAPAN,))))
    assert before.events[0].item_id != item  # a report cannot retell what had not begun when it was written


def test_two_events_of_one_kind_and_the_same_governments_in_one_month_stay_two() -> None:
    d = Dossier()
    beijing = d.add(article("Beijing talks", date(2014, 5, 6),
                            Ev("CONSULT", "meet", (JAPAN, NK), (), day("2014-05-05"), "Beijing")))
    stockholm = d.add(article("Stockholm talks", date(2014, 5, 29),
                              Ev("CONSULT", "meet", (JAPAN, NK), (), ("2014-05-26", date(2014, 5, 26),
                                                                     date(2014, 5, 28)), "Stockholm")))
    retold = d.add(article("Stockholm, retold", date(2014, 6, 2),
                           Ev("CONSULT", "meet", (JAPAN, NK), (), day("2014-05-27"))))
    month = d.add(article("May", date(2014, 6, 3),
                          Ev("CONSULT", "meet", (JAPAN, NK), (), ("2014-05", date(2014, 5, 1), date(2014, 5, 31)),
                             "Stockholm")))
    two = {beijing.events[0].item_id, stockholm.events[0].item_id}
    assert len(two) == 2 and None not in two
    assert retold.events[0].item_id == stockholm.events[0].item_id  # its day is one of Stockholm's, no place
    assert month.events[0].item_id == stockholm.events[0].item_id  # the month and the place: Stockholm's
    assert len(d.timeline.items) == 2


def test_an_act_of_saying_is_its_own_item_and_a_key_event_is_a_coded_act_told_as_news() -> None:
    d = Dossier()
    a = article("Said", date(2014, 6, 2), Ev("OTHER", "say", (KIM,), (), day("2014-06-01")),
                Ev("CONSULT", "meet", (JAPAN, NK), (), day("2014-06-01")),
                Ev("OTHER", "grow", (JAPAN,), (), ("1990", date(1990, 1, 1), date(1990, 12, 31))))
    a = replace(a, events=(replace(a.events[0], mention_class="REPORTING"), *a.events[1:]))
    b = replace(a, document=replace(a.document, id="other-document", outlet="Harbour Post"))
    first, second = d.add(a), d.add(b)
    said, met, grew = (d.timeline.items[e.item_id or ""] for e in second.events)
    assert first.events[0].item_id != second.events[0].item_id  # each statement its own item
    assert first.events[1].item_id == second.events[1].item_id and met.events == 2
    assert met.news == 2 and met.salience >= KEY and said.salience < KEY
    assert grew.news == 0 and grew.events == 2 and grew.salience < met.salience


def test_an_event_named_again_joins_the_item_of_the_event_it_names_whoever_it_names() -> None:
    a = article("Delivery", date(2007, 10, 15), Ev("OTHER", "deliver", (NK,), (JAPAN,), day("2007-10-15")),
                Ev("OTHER", "delivery", (), ()), Ev("OTHER", "delivery", (), ()))
    a = replace(a, events=(a.events[0], replace(a.events[1], coded=False, refers_to=0),
                           replace(a.events[2], coded=False)))
    d = Dossier()
    facts = d.add(a)
    delivered, named, unlinked = (e.item_id for e in facts.events)
    assert named == delivered and unlinked is None  # no one named, no event named: no item
    assert d.timeline.items[delivered or ""].events == 2
    # named again, but dated apart by its own text: two times, two items
    b = article("Deliveries", date(2007, 10, 15), Ev("OTHER", "deliver", (NK,), (JAPAN,), day("2007-10-15")),
                Ev("OTHER", "delivery", (NK,), (), day("2006-03-01")))
    b = replace(b, events=(b.events[0], replace(b.events[1], coded=False, refers_to=0)))
    first, second = (e.item_id for e in Dossier().add(b).events)
    assert first is not None and second is not None and first != second
