"""The words of English time expressions, as data: names, numbers, units, modifiers and tense cues.

`patterns` builds its regular expressions from these tables and `normalize` reads values from them, so
widening coverage means editing this file. Keys are lower-case; a trailing period of an abbreviation is
optional in the text and absent here.
"""

from __future__ import annotations

from typing import Final

MONTHS: Final[dict[str, int]] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
# Month names that are also everyday words: taken as months only with a date-like neighbour.
AMBIGUOUS_MONTHS: Final[frozenset[str]] = frozenset({"may", "march", "mar", "jan", "jun", "dec", "sep", "sept"})

WEEKDAYS: Final[dict[str, int]] = {
    "monday": 1, "mon": 1, "tuesday": 2, "tues": 2, "tue": 2, "wednesday": 3, "wed": 3, "thursday": 4,
    "thurs": 4, "thur": 4, "thu": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6, "sunday": 7, "sun": 7,
}
# Abbreviations that are words too ("Sun", "Wed", "Sat"): taken only in their full forms or with a period.
WEEKDAY_FULL: Final[frozenset[str]] = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

# TIMEX3 season codes; intervals take the meteorological months (spring is March to May).
SEASONS: Final[dict[str, str]] = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}

# Parts of the day, as TIMEX3 time codes; "night" and "evening" are the night of that day.
PARTS_OF_DAY: Final[dict[str, str]] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
}
# Named times of day, as hour:minute.
CLOCK_WORDS: Final[dict[str, str]] = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}

NUMBER_WORDS: Final[dict[str, int]] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12, "a dozen": 12, "a couple of": 2, "a couple": 2, "couple of": 2,
}
TENS: Final[frozenset[str]] = frozenset(
    {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
MULTIPLIERS: Final[dict[str, int]] = {"hundred": 100, "thousand": 1000}

ORDINALS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
    "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31,
}

# Quantities with no number: the value gets an X ("several years" -> PXY).
VAGUE_QUANTITIES: Final[tuple[str, ...]] = (
    "several", "a few", "few", "many", "some", "numerous", "a number of", "dozens of",
    "hundreds of", "thousands of", "multiple", "various", "countless",
)

# Unit words -> TIMEX3 unit. "D", "W", "M", "Y" are calendar units; "TH", "TM", "TS" clock units;
# decades, centuries and millennia are written in years, as TempEval-3's gold does ("a decade" -> P10Y).
UNITS: Final[dict[str, str]] = {
    "second": "TS", "seconds": "TS", "sec": "TS", "secs": "TS", "minute": "TM", "minutes": "TM", "min": "TM",
    "mins": "TM", "hour": "TH", "hours": "TH", "hr": "TH", "hrs": "TH", "day": "D", "days": "D", "night": "D",
    "nights": "D", "week": "W", "weeks": "W", "fortnight": "2W", "fortnights": "2W", "weekend": "WE",
    "weekends": "WE", "month": "M", "months": "M", "quarter": "Q", "quarters": "Q", "year": "Y", "years": "Y",
    "decade": "DE", "decades": "DE", "century": "CE", "centuries": "CE", "millennium": "ML", "millennia": "ML",
    "millenniums": "ML",
}
# Years in one of the multi-year units.
UNIT_YEARS: Final[dict[str, int]] = {"DE": 10, "CE": 100, "ML": 1000}
# Quarters are written in months (three quarters -> P9M), as ISO 8601 has no quarter unit.
UNIT_MONTHS: Final[dict[str, int]] = {"Q": 3}
# Units whose "N units earlier/later" is a length with a signal (TimeML), not a date: "three days later".
SIGNAL_UNITS: Final[frozenset[str]] = frozenset({"TS", "TM", "TH", "D", "W", "2W", "WE"})
# Kinds of days that still count as days ("eight trading days").
DAY_KINDS: Final[tuple[str, ...]] = ("trading", "business", "working", "calendar", "school")

# Adverbs and adjectives of frequency -> the period of a SET.
FREQUENCY_WORDS: Final[dict[str, str]] = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "fortnightly": "P2W", "monthly": "P1M", "bimonthly": "P2M", "annually": "P1Y",
    "yearly": "P1Y", "biannually": "P6M", "semiannually": "P6M", "semi-annually": "P6M",
}

# Fixed-date and rule-date holidays: (month, day) or (month, weekday, n) where n=-1 is the last one;
# "easter" is computed.
HOLIDAYS_FIXED: Final[dict[str, tuple[int, int]]] = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "st. patrick's day": (3, 17), "independence day": (7, 4), "halloween": (10, 31),
    "veterans day": (11, 11), "veterans' day": (11, 11), "christmas eve": (12, 24), "christmas day": (12, 25),
    "christmas": (12, 25), "boxing day": (12, 26), "new year": (1, 1), "may day": (5, 1),
}
# Holidays with a rule of their own in `points.holiday_date`.
HOLIDAYS_OTHER: Final[tuple[str, ...]] = ("election day",)
HOLIDAYS_WEEKDAY: Final[dict[str, tuple[int, int, int]]] = {
    "thanksgiving": (11, 4, 4), "thanksgiving day": (11, 4, 4), "labor day": (9, 1, 1),
    "memorial day": (5, 1, -1), "martin luther king day": (1, 1, 3), "presidents day": (2, 1, 3),
    "presidents' day": (2, 1, 3), "mother's day": (5, 7, 2), "father's day": (6, 7, 3),
    "columbus day": (10, 1, 2),
}
HOLIDAYS_EASTER: Final[dict[str, int]] = {"easter": 0, "easter sunday": 0, "good friday": -2,
                                          "easter monday": 1}

# Words before a bare month name that make "May" or "March" a month ("in May", not "may march").
MONTH_CONTEXT: Final[frozenset[str]] = frozenset({
    "in", "early", "late", "mid", "since", "until", "till", "by", "through", "last", "next", "this", "of",
    "from", "to", "during", "before", "after", "between", "and", "or", "every", "each", "end", "beginning",
    "middle", "start", "for", "on", "past", "coming",
})
# Capitalized words that may stand before a year ("In 1990", "The 1990 census"); any other capitalized word
# makes the number part of a name ("Windows 2000", "Orion 1980").
YEAR_NEIGHBOURS: Final[frozenset[str]] = frozenset({
    "the", "in", "by", "since", "until", "from", "before", "after", "during", "of", "and", "for", "at", "to",
    "through", "between", "a", "an", "as", "on", "fiscal", "but", "or", "early", "late", "mid", "summer",
    "spring", "fall", "autumn", "winter", "year", "christmas", "easter",
})
# Nouns that, right after a four-digit number, make it a count rather than a year ("1990 people").
COUNT_NOUNS: Final[tuple[str, ...]] = (
    "shares", "people", "employees", "workers", "jobs", "troops", "soldiers", "men", "women", "persons",
    "barrels", "tons", "tonnes", "points", "feet", "foot", "meters", "metres", "miles", "kilometers", "cases",
    "units", "cars", "vehicles", "acres", "pounds", "dollars", "yen", "marks", "francs", "lire", "rupees",
    "homes", "houses", "seats", "flights", "beds", "deaths", "votes", "members", "students", "pages", "words",
    "calories", "copies", "hours", "minutes", "days", "weeks", "months", "years", "percent", "per cent",
    "square", "cubic",
)

# Words that point a weekday, a month or a holiday forward or back from the anchor whatever the verb's tense:
# "last Friday" is the one before the anchor, "next May" the one after it.
FORWARD_WORDS: Final[frozenset[str]] = frozenset({"next", "coming", "this coming", "following", "upcoming"})
BACKWARD_WORDS: Final[frozenset[str]] = frozenset({"last", "past", "this past", "previous", "preceding",
                                                   "prior"})

# Prefixes that narrow a period to part of it; "early" etc. also take a hyphen ("mid-1996").
PART_MODS: Final[dict[str, str]] = {
    "early": "START", "earlier": "START", "the beginning of": "START", "the start of": "START",
    "the outset of": "START", "the dawn of": "START", "beginning of": "START", "start of": "START",
    "mid": "MID", "middle": "MID", "the middle of": "MID", "the mid": "MID", "middle of": "MID",
    "late": "END", "later": "END", "the end of": "END", "the close of": "END", "end of": "END",
    "the latter part of": "END", "the final days of": "END",
}
# Prefixes and suffixes that make a point or length approximate or bounded.
APPROX_MODS: Final[dict[str, str]] = {
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX", "some": "APPROX",
    "circa": "APPROX", "or so": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN",
    "less than": "LESS_THAN", "under": "LESS_THAN", "fewer than": "LESS_THAN", "just under": "LESS_THAN",
    "more than": "MORE_THAN", "over": "MORE_THAN", "just over": "MORE_THAN", "upwards of": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE", "no fewer than": "EQUAL_OR_MORE",
    "up to": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "not more than": "EQUAL_OR_LESS", "within": "EQUAL_OR_LESS", "the better part of": "LESS_THAN",
}

# The TimeML references: phrase -> value. Longer phrases win over the words inside them. Only words that
# news uses for the present, past or future as such: "previously" and "formerly" mostly qualify a verb or a
# title and TempEval-3 leaves them out, as it does "this time" and the idiom "for the foreseeable future".
REFERENCES: Final[dict[str, str]] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PAST_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "the present": "PRESENT_REF", "the present time": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "most recently": "PAST_REF",
    "until recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "the recent past": "PAST_REF",
    "the distant past": "PAST_REF", "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF",
    "the immediate future": "FUTURE_REF", "the near term": "FUTURE_REF", "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF", "the longer term": "FUTURE_REF", "the medium term": "FUTURE_REF",
    "soon": "FUTURE_REF", "a later date": "FUTURE_REF", "someday": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
}

# Words just before a month or a day of the month that point it at the coming one when that is near: a
# deadline ("by Dec. 15", "until mid-November", "payable Jan. 3", "extended to Nov. 16").
DEADLINE_WORDS: Final[frozenset[str]] = frozenset({
    "by", "until", "till", "through", "thru", "payable", "record", "due", "expire", "expires", "deadline",
    "effective", "effect", "scheduled", "slated", "starting", "beginning", "before", "from",
})
DEADLINE_VERBS: Final[frozenset[str]] = frozenset({
    "extended", "postponed", "delayed", "moved", "pushed", "adjourned", "rescheduled", "extend", "postpone",
    "delay", "extends", "extending",
})

# Tense cues for the fallback heuristic (`tense.guess_tense`).
# Words that, before "to", make the infinitive after them point forward ("plans to meet", "is due to").
FUTURE_INFINITIVE_CUES: Final[frozenset[str]] = frozenset({
    "plans", "plan", "planned", "planning", "expects", "expect", "expected", "scheduled", "schedule",
    "intends", "intend", "intended", "hopes", "hope", "hoped", "aims", "aim", "due", "set", "going", "is",
    "are", "decided", "decide", "decides", "agreed", "agree", "agrees", "promised", "promise", "promises",
    "vowed", "vows", "pledged", "pledges", "threatened", "threatens", "wants", "want", "wanted", "seeks",
    "seek", "sought", "prepared", "prepares", "ready", "poised", "likely", "about", "slated", "preparing",
    "expecting", "hoping", "trying", "tries", "tried", "asked", "urged", "voted", "votes", "called",
})
# Words right before a weekday that make it the coming one: "until Tuesday", "as early as Tuesday".
FORWARD_SIGNALS: Final[tuple[str, ...]] = ("as early as", "as soon as", "no later than", "ahead of")
# The same, when the clause is not in the past or a deadline verb governs it ("extended the offer until").
DEADLINE_SIGNALS: Final[tuple[str, ...]] = ("until", "till", "by", "starting", "beginning")
# Words right before a date that make it a past one whatever the tense: "the quarter ended Sept. 30".
BACKWARD_SIGNALS: Final[tuple[str, ...]] = ("ended", "ending", "since", "as of", "as recently as")

PAST_CUES: Final[frozenset[str]] = frozenset({
    "ago", "last", "yesterday", "was", "were", "had", "did", "said", "told", "met", "went", "came", "took",
    "made", "gave", "saw", "left", "began", "became", "got", "won", "lost", "held", "fell", "rose", "sold",
    "bought", "paid", "spent", "sent", "built", "brought", "found", "thought", "felt", "kept", "led", "ran",
    "set", "put", "hit", "cut", "shut", "quit", "spoke", "wrote", "broke", "chose", "drove", "flew", "grew",
    "knew", "threw", "wore", "stood", "sat", "fought", "caught", "taught", "meant", "struck", "swore",
    "earlier", "previously", "recently", "former", "formerly", "once", "been", "died", "killed",
})
# Past-tense-looking words ending in -ed that are usually not the clause's verb.
NOT_PAST_ED: Final[frozenset[str]] = frozenset({
    "expected", "scheduled", "planned", "proposed", "red", "bed", "need", "feed", "seed", "speed", "weed",
    "indeed", "shed", "hundred", "united", "limited", "based", "related", "alleged", "unidentified",
    "detailed", "advanced", "supposed", "concerned", "interested", "married", "skilled", "armed",
    "sacred", "naked", "wicked", "aged", "embed", "wed", "led", "fed", "sled", "bled", "ted", "fred", "ned",
})
PRESENT_CUES: Final[frozenset[str]] = frozenset({"is", "are", "am", "says", "say", "has", "have", "does", "do"})
