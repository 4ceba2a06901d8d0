"""The shapes of English time expressions, as data: one named regular expression per rule.

Each rule's name picks its normalizer in `normalize`. The patterns are built from the word lists in `lexicon`
and matched case-insensitively (`recognize` checks capitals where a name is also a common word). A group named
`pre` or `post` is context the rule needs but not part of the expression: it is left out of the span.
When expressions overlap, the longest wins; between equally long ones, the earlier rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from storyline.time import lexicon as lx


def alt(words: Iterable[str]) -> str:
    """An alternation of words, longest first, spaces matching any run of blanks, abbreviations dotted."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        p = r"\s+".join(_escape(x) for x in w.split(" "))
        parts.append(p)
    return "(?:" + "|".join(parts) + ")"


def _escape(word: str) -> str:
    return word.replace(".", r"\.").replace("'", "['’]").replace("-", r"[\s-]")


def _abbrev(table: dict[str, int], full: Iterable[str]) -> str:
    """Names with their abbreviations; an abbreviation may take a period."""
    fulls = set(full)
    words = sorted(table, key=len, reverse=True)
    return "(?:" + "|".join(w if w in fulls else rf"{w}\.?" for w in words) + r")(?!\w)"


_LONG_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"}
MONTH: Final = _abbrev(lx.MONTHS, _LONG_MONTHS)
WEEKDAY: Final = _abbrev(lx.WEEKDAYS, lx.WEEKDAY_FULL)
DAY: Final = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%])"
DAYWORD: Final = alt(k for k, v in lx.ORDINALS.items() if v <= 31)
YEAR: Final = r"(?<![\d$#£€.,])(?:1[0-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d)"
_TEEN_OR_TENS = alt([*(k for k, v in lx.NUMBER_WORDS.items() if 10 <= v <= 19), *lx.TENS])
_DIGIT_WORD = alt(k for k, v in lx.NUMBER_WORDS.items() if 1 <= v <= 9 and len(k) > 2)
YEARWORDS: Final = (rf"(?:(?:nineteen|eighteen|twenty)[\s-]+(?:{_TEEN_OR_TENS}(?:[\s-]+{_DIGIT_WORD})?"
                    rf"|hundred|oh[\s-]+{_DIGIT_WORD})|two\s+thousand(?:\s+and)?(?:[\s-]+{_DIGIT_WORD}"
                    rf"|[\s-]+{_TEEN_OR_TENS})?)(?![\w-])")
_SMALL = alt(k for k, v in lx.NUMBER_WORDS.items() if v >= 1 and " " not in k and k not in ("a", "an"))
NUMWORD: Final = (rf"(?:{_SMALL}(?:[\s-]+{_DIGIT_WORD})?(?:[\s-]+(?:hundred|thousand))?"
                  rf"(?:\s+and\s+(?:a|one)[\s-]+half)?)")
NUMBER: Final = (rf"(?:(?<![\d,.$])\d+(?:\.\d+)?(?:\s+\d/\d)?|\d/\d|{NUMWORD}|an?\s+couple\s+of|a\s+couple"
                 rf"|couple\s+of|an?\s+dozen|an?\s+(?:hundred|thousand)|a\s+half|half\s+an?"
                 rf"|an?(?:\s+and\s+a\s+half)?)")
VAGUE: Final = alt(lx.VAGUE_QUANTITIES)
UNIT: Final = alt(lx.UNITS) + r"(?![\w])"
UNIT_SINGULAR: Final = alt(k for k in lx.UNITS if (not k.endswith("s") and len(k) > 3) or k in ("day", "year"))
UNIT_PLURAL: Final = alt(k for k in lx.UNITS if k.endswith("s") or k in ("centuries", "millennia"))
SEASON: Final = alt(lx.SEASONS) + r"(?![\w])"
POD: Final = alt(p for p in lx.PARTS_OF_DAY if p != "overnight") + r"(?![\w])"
ORDINAL: Final = rf"(?:\d{{1,2}}(?:st|nd|rd|th)|{alt(lx.ORDINALS)})"
QUARTER_ORD: Final = r"(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
HOLIDAY: Final = alt([*lx.HOLIDAYS_FIXED, *lx.HOLIDAYS_WEEKDAY, *lx.HOLIDAYS_EASTER, *lx.HOLIDAYS_OTHER])
ZONE: Final = r"(?:[ECMP][SD]T|GMT|UTC|Z)"
APOS: Final = r"['’‘]"

# A day written out, as it can follow a clock time ("5 p.m. EST Nov. 9", "10 p.m. Wednesday").
_DAYREF = rf"(?:(?P<tday>yesterday|today|tomorrow|tonight)|(?P<twd>{WEEKDAY})|(?P<tmon>{MONTH})\s+(?P<tdom>{DAY}))"
_REL_DEICTIC = r"(?:this\s+past|this\s+coming|last|next|this|coming|past)"
_REL_ANAPHORIC = (r"(?:that\s+(?:same|very)|the\s+very\s+same|the\s+(?:same|following|next|previous|prior|preceding"
                  r"|ensuing|subsequent|current|last|past|coming|latest|upcoming)|that)")

RULES: Final[tuple[tuple[str, str], ...]] = (
    # --- calendar dates -----------------------------------------------------------------------------
    ("date_mdy", rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAY}|{DAYWORD}),?\s+"
                 rf"(?P<year>{YEAR}|{YEARWORDS})"),
    ("date_dmy", rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY}|{DAYWORD})\s+(?:of\s+)?(?P<mon>{MONTH}),?"
                 rf"\s+(?P<year>{YEAR})"),
    ("date_md", rf"(?:(?P<rel>this\s+coming|this\s+past|this|next|last)\s+)?(?:(?P<wd>{WEEKDAY}),?\s+)?"
                rf"(?P<mon>{MONTH})\s+(?P<day>{DAY}|{DAYWORD})(?!\s*[,:]?\s*\d)(?![\w-])"),
    ("date_md_and", rf"(?P<pre>(?P<mon>{MONTH})\s+(?:{DAY})\s*(?:and|&|or|to|through|-)\s*)(?P<day>{DAY})"
                    rf"(?!\s*[,:]?\s*\d)(?![\w-])"),
    ("date_dm", rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY}|{DAYWORD})\s+(?:of\s+)?(?P<mon>{MONTH})"),
    ("date_my", rf"(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR}|{YEARWORDS})"),
    ("date_my_rel", rf"(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year"),
    ("date_iso", r"(?<![\d-])(?P<year>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T(?P<h>[0-2]\d):(?P<min>[0-5]\d))?"
                 r"(?![\d-])"),
    ("date_numeric", r"(?<![\d/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<year>\d{4}|\d{2})"
                     r"(?![\d/])"),
    # --- quarters, halves, seasons ------------------------------------------------------------------
    ("quarter", rf"(?:(?P<det>the|a|this|that)\s+)?(?:(?P<adj>(?:year-ago|year-earlier|"
                rf"comparable|corresponding|same|latest|current|previous|prior|flat|fiscal|calendar|"
                rf"just-ended|recent)[\s-]+)*)(?:(?P<year>{YEAR})(?:{APOS}s)?\s+)?(?:fiscal[\s-]+)?"
                rf"(?P<ord>{QUARTER_ORD})[\s-]+(?:fiscal[\s-]+)?(?P<unit>quarter|half)(?![\w-])"
                rf"(?:\s+of\s+(?:fiscal\s+)?(?:(?P<year2>{YEAR})|(?P<rel2>this|last|next|the)\s+(?:fiscal\s+)?year))?"),
    ("quarter_poss", rf"(?P<rel>this|last|next|the\s+current|the\s+previous|fiscal\s+(?P<year>{YEAR}))\s*(?:year)?"
                     rf"{APOS}s\s+(?:fiscal\s+)?(?P<ord>{QUARTER_ORD})?[\s-]*(?P<unit>quarter|half|period)(?![\w-])"),
    ("quarter_code", rf"(?<![\w-])(?:Q(?P<q>[1-4])|(?P<q2>[1-4])Q)(?:[\s-]*(?P<year>{YEAR}|{APOS}?\d\d(?!\d)))?"
                     r"(?![\w])"),
    ("period_rel", rf"(?:the\s+)?(?P<adj>(?:(?:year-ago|year-earlier|comparable|corresponding|same|"
                   rf"latest|current|previous|prior|recent|just-ended|latest|fiscal)[\s-]+)+)"
                   rf"(?:(?P<year>{YEAR})\s+)?(?P<unit>quarter|period|year|fiscal\s+year|half|month|week)"
                   rf"(?:\s+(?P<ly>(?:last|a)\s+year))?(?![\w-])"),
    ("period_year", rf"the\s+(?P<year>{YEAR})\s+(?P<unit>quarter|period|fiscal\s+year|year|season)(?![\w-])"),
    ("period_that", r"(?P<rel>that|the\s+same)\s+(?P<unit>quarter|period)(?![\w-])"),
    ("quarter_bare", r"(?P<det>the|this|that)\s+(?P<unit>quarter)(?![\w-])"),
    ("season", rf"(?:(?P<rel>this\s+past|this\s+coming|last|this|next|the|that|early|late|mid)[\s-]+)?"
               rf"(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR}|{YEARWORDS}))?"),
    ("season_bare", rf"(?P<pre>(?:in|during|by|until|since|through|before|after)\s+)(?P<season>{SEASON})"
                    rf"(?!\s+(?:of\s+)?\d)"),
    ("month", rf"(?:(?P<rel>this\s+coming|this\s+past|this|next|last|coming|past)\s+)?(?P<mon>{MONTH})"),
    ("year", rf"(?:(?P<pre>(?:in|of|since|from|until|till|by|during|before|after|through|to)\s+)?)"
             rf"(?:the\s+year\s+)?(?P<year>{YEAR})(?P<post>{APOS}s(?!\w))?"),
    ("year_words", rf"(?:the\s+year\s+)?(?P<year>{YEARWORDS})"),
    ("year_fiscal", rf"(?:fiscal(?:\s+year)?|FY)[\s-]*(?P<year>{YEAR}|{APOS}?\d\d(?!\d))"),
    ("year_short", rf"(?P<pre>(?:in|of|since|from|until|by|during|before|after)\s+){APOS}(?P<yy>\d\d)(?![\w'’])"),
    ("decade", rf"(?:the\s+)?(?:(?P<num>1[0-9]\d0|20\d0){APOS}?s|{APOS}(?P<yy>\d0){APOS}?s"
               rf"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
               rf"|nineteen[\s-]+(?P<word19>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
               r"(?![\w])"),
    ("decade_bare", r"the\s+(?P<yy>[2-9]0)s(?![\w])"),
    ("century", rf"(?:the\s+)?(?P<ord>{ORDINAL})[\s-]+century(?![\w])"),
    ("holiday", rf"(?:(?P<rel>last|this|next)\s+)?(?P<hol>{HOLIDAY})(?:,?\s+(?P<year>{YEAR}))?(?P<week>\s+week)?"
                r"(?![\w])"),
    # --- relative to the anchor ---------------------------------------------------------------------
    ("day_word", r"(?P<word>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow"
                 rf"|tonight)(?:\s+(?P<pod>{POD}))?(?P<post>{APOS}s)?(?![\w])"),
    ("pod_rel", rf"(?:(?P<rel>this|last|that|tomorrow|yesterday|the\s+next|the\s+previous|the\s+following|early|"
                rf"late|the)[\s-]+|(?P<mid>mid)[\s-]?(?!night))(?P<pod>{POD}|overnight)"
                rf"(?:\s+(?P<day>yesterday|today|tomorrow|{WEEKDAY}))?"),
    ("weekday", rf"(?:(?P<rel>this\s+coming|this\s+past|last|next|this|coming|past|the\s+previous|the\s+following"
                rf"|the\s+next|the\s+same|that)\s+)?(?P<wd>{WEEKDAY})"
                rf"(?:(?:,\s*|\s+)(?P<pod>{POD}))?(?P<post>{APOS}s(?!\w))?"),
    ("weekday_set", r"(?P<pre>on\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s"
                    r"(?:\s+(?P<pod>mornings|afternoons|evenings|nights))?(?![\w])"),
    ("rel_unit", rf"(?P<rel>{_REL_DEICTIC}|{_REL_ANAPHORIC})\s+(?P<unit>day|week|weekend|month|quarter|year"
                 rf"|decade|century|fiscal\s+year|calendar\s+year|half|millennium)(?![\w-])"),
    ("the_unit", r"the\s+(?P<unit>week|weekend|month|year|fiscal\s+year|full\s+year|calendar\s+year|"
                 r"full\s+fiscal\s+year|year\s+to\s+date|decade|century)(?![\w-])"),
    ("week_of", rf"the\s+week\s+of\s+(?P<mon>{MONTH})\s+(?P<day>{DAY})"),
    ("year_end", r"(?:the\s+)?(?P<unit>year|month|quarter)(?:[\s-]+|['’]s\s+)end(?![\w-])"),
    ("year_adj", r"(?P<adj>year-ago|year-earlier|year-before|a-year-ago)(?![\w-])"),
    ("ago", rf"(?P<num>{NUMBER}|{VAGUE})[\s-]+(?P<unit>{UNIT})(?P<orso>\s+or\s+so)?\s+"
            r"(?P<dir>ago|earlier|later|hence|from\s+now|back)(?![\w])"),
    ("ago_bare", r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago)(?![\w])"),
    ("rel_anaphoric_day", r"(?P<rel>the\s+(?:next|following|previous|prior|same)|that|the\s+very)\s+"
                          r"(?P<unit>day|morning|afternoon|evening|night)(?![\w-])"),
    # --- durations and vague periods ----------------------------------------------------------------
    ("duration", rf"(?:(?P<det>the|a|an|each\s+of\s+the|all\s+of\s+the)\s+)?"
                 rf"(?:(?P<rel>first|last|past|next|coming|previous|prior|latest|final|remaining|initial|"
                 rf"following|preceding|ensuing|succeeding|year-earlier|same|additional|further|other|extra|"
                 rf"full|entire|whole|current)\s+)?(?P<num>{NUMBER}|{VAGUE})"
                 rf"(?:\s+(?:more|additional|straight|consecutive|full|long|further|extra))?[\s-]+"
                 rf"(?:(?P<kind>{alt(lx.DAY_KINDS)})\s+)?(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?"
                 rf"(?:[\s-]+(?P<long>long|old))?"),
    ("duration_range", rf"(?P<num>{NUMBER})\s*(?:to|-|or)\s*(?P<num2>{NUMBER})[\s-]+(?P<unit>{UNIT})"),
    ("duration_half", rf"(?:(?P<det>a|an)\s+)?half[\s-]+(?:an?\s+)?(?P<unit>{UNIT_SINGULAR})(?![\w-])"),
    ("duration_long", r"(?P<unit>decades|years|months|weeks|days|hours|day|year|month|week|hour)[\s-]long(?![\w-])"),
    ("vague_plural", r"(?P<pre>(?:for|within|in|over|after|through)\s+)(?:the\s+)?(?P<unit>days|weeks|months|years|"
                     r"decades|centuries)(?:\s+or\s+(?P<unit2>days|weeks|months|years|decades))?(?![\w-])"),
    ("vague_ahead", r"the\s+(?P<unit>days|weeks|months|years|decades)\s+ahead(?![\w-])"),
    ("vague_length", r"(?:quite\s+)?(?P<what>a\s+(?:long\s+|short\s+|little\s+)?while|some\s+time|a\s+long\s+time"
                     r"|a\s+(?:fairly\s+|very\s+)?(?:long|lengthy|short|brief)\s+(?:period|time|spell))(?![\w-])"),
    ("vague_period", rf"(?:the\s+)?(?P<rel>recent|coming|past|future|upcoming|ensuing|intervening)\s+"
                     rf"(?P<unit>{UNIT_PLURAL})(?:\s+and\s+(?P<unit2>{UNIT_PLURAL}))?(?![\w-])"),
    # --- sets ---------------------------------------------------------------------------------------
    ("set_every", rf"(?P<q>every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{NUMBER})\s+)?"
                  rf"(?:(?P<unit>{UNIT})|(?P<wd>{WEEKDAY})|(?P<mon>{MONTH})|(?P<season>{SEASON})|(?P<pod>{POD})"
                  r")(?![\w-])"),
    ("set_times", rf"(?P<times>once|twice|thrice|(?:{NUMBER})\s+times)\s+(?:a|an|per|each|every)\s+"
                  rf"(?P<unit>{UNIT_SINGULAR})(?![\w-])"),
    ("set_freq", rf"(?P<word>{alt(lx.FREQUENCY_WORDS)})(?![\w-])"),
    # --- clock times --------------------------------------------------------------------------------
    ("clock", rf"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.?|[ap]m(?![\w]))"
              rf"(?:\s*\(?(?P<zone>{ZONE})\)?)?(?:(?:,\s*|\s+(?:on\s+)?){_DAYREF}(?![\w]))?"),
    ("clock_24", rf"(?<![\d:.,$])(?P<h>[01]\d|2[0-3])(?::?(?P<min>[0-5]\d))\s*(?P<zone>{ZONE})(?![\w])"),
    ("clock_colon", r"(?P<pre>(?:at|by|until|before|after|from|around|about)\s+)(?P<h>[01]?\d|2[0-3]):(?P<min>[0-5]\d)"
                    r"(?![\d:])"),
    ("clock_word", rf"(?P<cw>noon|midday|midnight)(?:(?:,\s*|\s+(?:on\s+)?){_DAYREF}(?![\w]))?"),
    ("clock_in_the", rf"(?P<h>\d{{1,2}}|{_SMALL})(?::(?P<min>[0-5]\d))?(?:\s+o'clock)?\s+(?:in\s+the\s+"
                     rf"(?P<pod>morning|afternoon|evening)|(?P<night>at\s+night))"),
    ("clock_oclock", rf"(?P<h>\d{{1,2}}|{_SMALL})\s+o['’]clock"),
    # --- the TimeML references ----------------------------------------------------------------------
    ("ref", rf"(?P<ref>{alt(lx.REFERENCES)})(?![\w-])"),
    ("ref_adj", r"(?P<adj>current|recent|then[\s-]current)(?=\s+[a-z])"),
)

# Rules whose expressions name a point or stretch of the calendar: they take "early", "the end of", "mid-".
POINT_RULES: Final = frozenset({
    "date_mdy", "date_dmy", "date_md", "date_md_and", "date_dm", "date_my", "date_my_rel", "month", "year",
    "year_words", "year_fiscal", "year_short", "decade", "decade_bare", "century", "holiday", "quarter",
    "quarter_poss", "quarter_code", "period_rel", "period_year", "quarter_bare", "season", "season_bare",
    "day_word", "pod_rel", "weekday", "rel_unit", "the_unit", "week_of", "rel_anaphoric_day",
})
# Rules whose expressions can be bounded or approximate: "nearly two years", "about 10 a.m.", "around Nov. 1".
BOUNDED_RULES: Final = frozenset({
    "duration", "duration_range", "duration_half", "ago", "clock", "clock_24", "clock_word", "clock_in_the",
    "clock_oclock", "clock_colon", "year", "date_mdy", "date_md", "month",
})
# Rules that match names (months, weekdays, holidays), which are capitalized wherever they stand.
NAME_RULES: Final = frozenset({
    "date_mdy", "date_dmy", "date_md", "date_md_and", "date_dm", "date_my", "date_my_rel", "month", "weekday",
    "weekday_set", "holiday", "year_fiscal", "quarter_code",
})
