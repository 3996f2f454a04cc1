"""Person names: validation and pinyin initials for the search box (``zs`` → 张三, ``oyx`` → 欧阳修)."""

import itertools
import re

from app.core.errors import ValidationError

MAX_INITIAL_VARIANTS = 8
# Surnames whose reading differs from the character's everyday one; the surname reading is listed first.
_SURNAME_READINGS = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "区": "o", "朴": "p", "查": "z", "盖": "g", "缪": "m",
    "翟": "z", "覃": "q", "尉": "y", "乐": "y", "种": "c", "秘": "b", "繁": "p", "召": "s", "员": "y",
}
_NAME = re.compile(r"^[\u3400-\u9fffA-Za-z·•\s]{1,30}$")


def validate_name(text: str) -> str:
    name = re.sub(r"\s+", " ", text.strip())
    if not name or not _NAME.match(name):
        raise ValidationError("姓名只能包含汉字、字母和间隔号，长度1–30", "A name holds Chinese characters or letters, 1–30 long")
    return name


def name_initials(name: str) -> list[str]:
    """Every plausible initials string for the name, the most likely first (polyphones give several)."""
    # Imported here: pypinyin loads its phrase dictionaries on import (~0.2 s), which a desk start should not pay.
    from pypinyin import Style, pinyin

    letters: list[list[str]] = []
    for index, readings in enumerate(pinyin(name, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")):
        options = [r[0].lower() for r in readings if r and r[0].isascii() and r[0].isalpha()]
        if index == 0 and name[0] in _SURNAME_READINGS:
            options.insert(0, _SURNAME_READINGS[name[0]])
        options = list(dict.fromkeys(options))
        if options:
            letters.append(options)
    if not letters:
        return []
    variants = ("".join(combo) for combo in itertools.product(*letters))
    return list(itertools.islice(variants, MAX_INITIAL_VARIANTS))
