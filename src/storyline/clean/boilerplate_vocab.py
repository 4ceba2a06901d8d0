"""The words of a web page's interface, as data: what share bars, menus, log-in prompts and footers say.

`clean.plaintext` scores each line by how much of it is made of these phrases. Weights say how sure a phrase
alone makes us: 3 means "only an interface says this" (`all rights reserved`), 1 means "often interface, often
prose too" (`video`, `more`). Improving coverage is editing these tables, never the code.

Phrases are matched case-insensitively on word boundaries. Several languages are here because pages are.
"""

from __future__ import annotations

from typing import Final

# The tables are laid out by theme, several entries a line, as data reads best.
# fmt: off

# phrase -> weight. Multi-word phrases are matched as a whole before their words are.
INTERFACE: Final[dict[str, int]] = {
    # sharing
    "share": 2, "shares": 1, "shared": 1, "share this": 3, "share on": 3, "share this article": 3, "share via": 3,
    "tweet": 2, "retweet": 2, "whatsapp": 2, "facebook": 2, "twitter": 2, "linkedin": 2, "pinterest": 2,
    "reddit": 2, "tumblr": 2, "flipboard": 2, "instagram": 2, "youtube": 2, "telegram": 1, "messenger": 1,
    "email": 1, "e-mail": 1, "copy link": 3, "copy this link": 3, "sharing is caring": 3, "short url": 3, "copied": 2, "link copied": 3, "pin it": 3, "rss": 2, "feed": 1,
    # print and save
    "print": 2, "print this": 3, "printer": 1, "pdf": 1, "save": 1, "bookmark": 2, "read later": 3,
    "save for later": 3, "text size": 3, "font size": 3,
    # account
    "sign in": 3, "sign up": 3, "signin": 3, "signup": 3, "log in": 3, "login": 3, "log out": 3, "logout": 3,
    "register": 2, "my account": 3, "account": 1, "password": 2, "username": 2, "subscribe": 3,
    "subscribers": 2, "subscription": 2, "subscriptions": 2, "subscriber": 2, "unsubscribe": 3, "already a subscriber": 3,
    "create an account": 3, "forgot": 1, "profile": 1,
    # comments
    "comment": 2, "comments": 2, "commenting": 2, "reply": 2, "replies": 1, "leave a comment": 3,
    "post a comment": 3, "add your comment": 3, "add a comment": 3, "show comments": 3, "view comments": 3,
    "moderator": 2, "moderated": 2, "characters remaining": 3, "characters left": 3, "report abuse": 3,
    "upvote": 2, "downvote": 2, "like": 1, "likes": 1, "follow": 1, "follow us": 3, "followers": 2,
    # newsletters and alerts
    "newsletter": 3, "newsletters": 3, "inbox": 1, "email address": 2, "sign up for": 3, "alerts": 1,
    "notifications": 2, "get the app": 3, "download the app": 3, "app store": 2, "google play": 2,
    # legal and site furniture
    "copyright": 3, "all rights reserved": 3, "rights reserved": 3, "terms of use": 3, "terms of service": 3,
    "terms and conditions": 3, "terms & conditions": 3, "privacy policy": 3, "privacy notice": 3,
    "privacy": 2, "cookie": 2, "cookies": 2, "cookie policy": 3, "ad choices": 3, "adchoices": 3,
    "advertise": 2, "advertise with us": 3, "advertisement": 3, "advertising": 1, "sponsored": 2,
    "sponsored content": 3, "contact us": 3, "about us": 3, "careers": 2, "sitemap": 3, "site map": 3,
    "accessibility": 2, "disclaimer": 2, "faq": 2, "faqs": 2, "help": 1, "feedback": 1, "contact": 1,
    "user agreement": 3, "do not sell": 3, "powered by": 3, "ad blocker": 3, "disable your ad": 3,
    "this site": 2, "this website": 2, "our website": 2, "our site": 2, "trademark": 2, "trademarks": 2,
    "registered trademarks": 3, "prior written permission": 3, "may not be reproduced": 3,
    "do not necessarily reflect": 3, "personal data": 2, "personal information": 2, "opens in new window": 3,
    "opens in a new window": 3, "javascript": 2, "browser": 1,
    # navigation
    "home": 1, "homepage": 2, "menu": 2, "search": 2, "skip to": 3, "skip to content": 3,
    "skip to main content": 3, "back to top": 3, "go to": 1, "next": 1, "previous": 1, "prev": 1,
    "next article": 3, "previous article": 3, "next story": 3, "previous post": 3, "next post": 3,
    "view full site": 3, "full site": 2, "mobile site": 3, "more": 1, "read more": 3, "see more": 3,
    "show more": 3, "load more": 3, "see all": 3, "view all": 3, "more stories": 3, "more from": 2,
    "more in": 2, "related": 2, "related articles": 3, "related stories": 3, "related posts": 3,
    "recommended": 2, "recommended for you": 3, "trending": 2, "trending now": 3, "most popular": 3,
    "most read": 3, "popular": 1, "you may also like": 3, "you might also like": 3, "also read": 3,
    "don't miss": 3, "editor's picks": 3, "top stories": 2, "latest news": 2, "latest": 1, "tags": 2,
    "tagged": 2, "topics": 2, "categories": 2, "category": 2, "archives": 2, "archive": 1, "click here": 3,
    "filed under": 3, "filed to": 3, "posted in": 2, "click": 2, "click for": 3,
    "watch": 1, "watch live": 3, "video": 1, "videos": 1, "photos": 1, "gallery": 2, "slideshow": 2,
    "podcast": 1, "podcasts": 1, "listen": 1, "close": 1, "open": 1, "toggle": 2, "expand": 1,
    "collapse": 2, "icon": 2, "button": 2, "caption": 2, "enlarge": 2, "fullscreen": 2, "loading": 2,
    "sections": 2, "edition": 1, "weather": 1, "classifieds": 2, "obituaries": 1, "jobs": 1, "shop": 1,
    "store": 1, "deals": 1, "coupons": 2, "continue reading": 3, "keep reading": 3, "story continues": 3,
    "story continues below": 3, "advertisement continues": 3, "scroll": 2, "permalink": 3,
    # Portuguese, Spanish, Italian
    "compartilhe": 3, "compartilhar": 3, "comentários": 2, "comentarios": 2, "comentário": 2,
    "leia mais": 3, "voltar": 2, "leia também": 3, "veja também": 3, "saiba mais": 3, "assine": 3, "entrar": 2,
    "compartir": 3, "lee más": 3, "leer más": 3, "suscríbete": 3, "iniciar sesión": 3,
    "condividi": 3, "leggi anche": 3, "commenti": 2, "accedi": 2, "iscriviti": 3,
    "política de privacidade": 3, "política de privacidad": 3, "todos os direitos reservados": 3,
    "todos los derechos reservados": 3, "tutti i diritti riservati": 3, "publicidade": 3, "publicidad": 3,
    "pubblicità": 3, "anúncio": 2,
    # German, French, Dutch
    "zurück": 2, "übersicht": 1, "teilen": 3, "kommentare": 2, "kommentar": 2, "anmelden": 3, "abonnieren": 3, "weiterlesen": 3,
    "mehr zum thema": 3, "impressum": 3, "datenschutz": 3, "datenschutzerklärung": 3, "anzeige": 2,
    "partager": 3, "commentaires": 2, "se connecter": 3, "s'abonner": 3, "lire aussi": 3, "lire la suite": 3,
    "mentions légales": 3, "publicité": 3, "tous droits réservés": 3, "delen": 2, "reacties": 2,
    "inloggen": 3, "lees meer": 3,
    # Indonesian, Malay
    "bagikan": 3, "baca juga": 3, "komentar": 2, "berita terkait": 3, "artikel terkait": 3, "masuk": 1,
    "daftar": 1, "selengkapnya": 3, "iklan": 2,
    # Russian
    "поделиться": 3, "комментарии": 2, "комментарий": 2, "войти": 3, "регистрация": 3, "подписаться": 3,
    "читать далее": 3, "читайте также": 3, "похожие": 2, "реклама": 3, "все права защищены": 3,
    "главная": 2, "поиск": 2, "меню": 2, "ответить": 2,
    # Korean, Japanese, Chinese
    "공유": 3, "공유하기": 3, "댓글": 2, "로그인": 3, "회원가입": 3, "구독": 3, "기사": 1, "인쇄": 3,
    "목록": 2, "검색": 2, "이전": 1, "다음": 1, "무단전재": 3, "배포금지": 3, "シェア": 3, "ログイン": 3,
    "コメント": 2, "分享": 3, "登录": 3, "评论": 2,
}

# "All rights reserved" in other languages: a copyright notice, the start of the footer.
RIGHTS_RESERVED: Final[tuple[str, ...]] = (
    "todos os direitos reservados", "todos los derechos reservados", "tutti i diritti riservati",
    "tous droits réservés", "alle rechte vorbehalten", "hak cipta", "все права защищены", "무단전재",
    "版权所有", "無断転載",
)

# Characters that mark a line as site furniture wherever they appear.
MARKS: Final[dict[str, int]] = {"©": 3, "®": 1, "™": 1, "»": 1, "\u203a": 1, "|": 1, "•": 1, "▶": 2, "►": 2}

# Whole lines that are never prose: counters, bare numbers, "1 of 23", "(0/250)".
FURNITURE_PATTERNS: Final[tuple[str, ...]] = (
    r"^\W*$",
    r"^[\d\s,./:+\-\u2013—()%]*$",
    r"^\(?\d+\s*/\s*\d+\)?$",
    r"^\d+\s+(of|de|di|von|из)\s+\d+$",
    r"^(\d+[smhdwy]|\d+\s*(min|mins|minutes|hours?|hrs?|days?|weeks?|months?|years?))\s+ago$",
    r"^(updated\s+)?\d+[smhdMH]\s+ago$",
    r"\(\d+\s*/\s*\d+\s*\S*\)\s*$",
    r"^https?://\S+$",
    r"^www\.\S+$",
    r"^\S+@\S+\.\w+$",
)

# Line openings that introduce a photo caption or its credit.
CAPTION_OPENERS: Final[tuple[str, ...]] = (
    "photo:", "photo by", "photos:", "photograph:", "photograph by", "image:", "image caption",
    "image copyright", "image source", "picture:", "pictured:", "caption:", "credit:", "photo credit",
    "illustration:", "illustration by", "photo illustration", "file photo", "(ap photo", "ap photo",
    "foto:", "foto/", "fotos:", "imagem:", "crédito:", "фото:", "사진=", "사진 =", "courtesy of", "source:",
    "screenshot", "screengrab", "video:",
)

# Credit phrases: a short line holding one of these is a photo credit.
CREDITS: Final[tuple[str, ...]] = (
    "getty images", "getty", "ap photo", "associated press", "reuters", "afp", "epa", "shutterstock",
    "istock", "istockphoto", "alamy", "bloomberg", "pa images", "pa wire", "rex features", "via getty",
    "nurphoto", "sopa images", "anadolu", "xinhua", "yonhap", "efe", "dpa", "imago", "wikimedia",
    "creative commons", "handout", "courtesy",
)

# Verbs a caption uses in the present tense to say what a pictured person does.
CAPTION_VERBS: Final[frozenset[str]] = frozenset({
    "addresses", "speaks", "talks", "attends", "arrives", "arrive", "leaves", "leave", "poses", "pose",
    "gestures", "gesture", "waves", "wave", "walks", "walk", "sits", "sit", "stands", "stand", "holds", "hold",
    "listens", "listen", "delivers", "looks", "look", "smiles", "shakes", "greets", "greet", "reacts", "react",
    "celebrates", "celebrate", "protest", "protests", "march", "marches", "rally", "rallies", "gather",
    "gathers", "takes", "take", "seen", "pictured", "shown", "visits", "visit", "meets", "meet",
    "signs", "sign", "votes", "vote", "runs", "run", "plays", "play", "performs", "perform", "watches", "watch",
    "displays", "display", "inspects", "inspect", "prepares", "prepare", "shows", "show", "wears", "wear",
})

# Words that open a byline, by language. The rest of the line is the names.
BYLINE_OPENERS: Final[tuple[str, ...]] = (
    "a commentary by", "commentary by", "an analysis by", "analysis by", "an opinion by", "opinion by",
    "a column by", "column by", "story by", "words by", "written by", "posted by", "reported by",
    "reporting by", "text by", "interview by", "review by", "by", "from", "von", "par", "por", "di", "oleh",
    "penulis:", "автор:", "автор", "texto:", "text:", "author:", "authors:", "writer:", "reporter:", "기자",
)

# What follows the names in a byline and is not a name.
BYLINE_TAILS: Final[tuple[str, ...]] = (
    "staff writer", "staff reporter", "senior writer", "contributing writer", "contributor", "correspondent",
    "reporter", "editor", "columnist", "associated press", "the associated press", "ap", "reuters", "afp",
    "bloomberg", "special to", "for", "writer", "auto writer", "business writer", "sports writer",
)

# Lower-case words that may stand inside a person's name: "Ludwig van Beethoven", "Ana de Souza".
NAME_PARTICLES: Final[frozenset[str]] = frozenset({
    "de", "da", "do", "dos", "das", "van", "von", "der", "den", "bin", "binti", "al", "el", "la", "le", "di",
    "del", "du", "ibn", "mac", "st.",
})

# The first crumb of a breadcrumb trail.
HOME_WORDS: Final[frozenset[str]] = frozenset({
    "home", "homepage", "início", "inicio", "página inicial", "accueil", "startseite", "beranda", "главная",
    "홈", "ホーム", "首页", "news", "notícias", "noticias", "berita", "новости",
})

# Date line labels: what a page prints before the article's own date.
DATE_LABELS: Final[dict[str, str]] = {
    "published": "published", "posted": "published", "first published": "published", "publish": "published",
    "created": "published", "date": "published", "updated": "updated", "last updated": "updated",
    "modified": "updated", "publicado": "published", "atualizado": "updated", "publicado em": "published",
    "veröffentlicht": "published", "aktualisiert": "updated", "publié": "published", "mis à jour": "updated",
    "diterbitkan": "published", "diperbarui": "updated", "опубликовано": "published",
    "обновлено": "updated", "입력": "published", "수정": "updated",
}

# Month names and abbreviations, several languages, to their number.
MONTHS: Final[dict[str, int]] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
    "janeiro": 1, "fevereiro": 2, "março": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7, "agosto": 8,
    "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "mayo": 5, "junio": 6, "julio": 7, "septiembre": 9,
    "octubre": 10, "noviembre": 11, "diciembre": 12,
    "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "août": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "januari": 1, "februari": 2, "maret": 3, "mei": 5, "agustus": 8, "desember": 12,
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
}
# fmt: on
