"""Function words of the languages news comes in, as data: prose is full of them, menus and headlines are not.

Short lists (the most frequent words of each language) are enough: the cleaner uses the share of a line's words
found here, and a page whose prose finds few of them (a language not listed) is judged without this share.
"""

from __future__ import annotations

from typing import Final


def _words(*groups: str) -> frozenset[str]:
    return frozenset(w for g in groups for w in g.split())


STOPWORDS: Final[frozenset[str]] = _words(
    # English
    "a an the and or but if of at by for with about against between into through during before after above "
    "below to from up down in out on off over under again then once here there when where why how all any "
    "both each few more most other some such no nor not only own same so than too very can will just should "
    "now i me my we our you your he him his she her it its they them their what which who whom this that "
    "these those am is are was were be been being have has had having do does did doing would could also "
    "said says as because while until may might must shall us one",
    # Portuguese
    "o os as um uma uns umas de do da dos das em no na nos nas por pelo pela para com sem sob e ou mas que "
    "se não é são foi ser está estão ao à aos às seu sua seus suas ele ela eles elas isso isto esse essa "
    "como mais muito também já quando onde porque há tem pode",
    # Spanish
    "el la los las un una unos unas del al en y o pero que se no es son fue ser está por para con sin sobre "
    "su sus lo le les como más muy también ya cuando donde porque hay este esta ese esa",
    # French
    "le la les un une des du de et ou mais que qui ne pas est sont été être dans par pour avec sans sur "
    "au aux ce cette ces il elle ils elles son sa ses leur leurs comme plus très aussi",
    # Italian
    "il lo la i gli le un uno una di del della dei delle e o ma che non è sono stato essere in con per "
    "su tra fra al alla come più anche suo sua loro questo questa",
    # German
    "der die das den dem des ein eine einen einem einer und oder aber dass nicht ist sind war waren sein "
    "in im mit für auf von zu zum zur bei aus nach über auch wie als noch nur es er sie wir ich sich wird "
    "werden hat haben",
    # Dutch
    "de het een en of maar dat niet is zijn was waren in met voor op van te bij uit naar over ook als nog "
    "er hij zij wij ik zich wordt",
    # Indonesian, Malay
    "yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan juga atau karena oleh sebagai "
    "bahwa ada mereka kita kami saya ia dia telah sudah bisa dapat lebih harus jika seperti",
    # Russian
    "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было "
    "вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь "
    "это этот эта эти для при который которые также",
)
