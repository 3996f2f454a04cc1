"""Realistic Chinese person names for the demo property.

Surnames are weighted by their share of the population (per 10,000, rounded from the 2020 census ranking).
Compound surnames are really rarer than shown here (欧阳 ≈ 0.08 %, the rest far less); they are boosted about
tenfold so that even a small demo has a few and a clerk can try searching for them (``oyx`` → 欧阳修).
Given names have one or two characters drawn from pools typical of the person's generation and sex.
"""

import random
from itertools import accumulate

_SURNAME_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("王", 712), ("李", 700), ("张", 674), ("刘", 510), ("陈", 461), ("杨", 322), ("黄", 245), ("赵", 219),
    ("吴", 205), ("周", 189), ("徐", 136), ("孙", 126), ("马", 121), ("朱", 118), ("胡", 114), ("郭", 108),
    ("何", 107), ("林", 101), ("罗", 95), ("高", 94), ("郑", 83), ("梁", 82), ("谢", 71), ("宋", 61),
    ("唐", 60), ("许", 59), ("韩", 57), ("邓", 56), ("冯", 56), ("曹", 54), ("彭", 53), ("曾", 52),
    ("肖", 50), ("田", 49), ("董", 47), ("潘", 44), ("袁", 44), ("蔡", 43), ("蒋", 42), ("余", 41),
    ("于", 41), ("杜", 40), ("叶", 40), ("程", 39), ("魏", 38), ("苏", 37), ("吕", 37), ("丁", 35),
    ("任", 35), ("卢", 34), ("姚", 33), ("沈", 33), ("钟", 32), ("姜", 32), ("崔", 31), ("谭", 30),
    ("陆", 30), ("范", 29), ("汪", 29), ("廖", 28), ("石", 28), ("金", 28), ("韦", 27), ("贾", 27),
    ("夏", 26), ("付", 26), ("方", 26), ("邹", 25), ("熊", 25), ("白", 24), ("孟", 24), ("秦", 24),
    ("邱", 23), ("侯", 23), ("江", 23), ("尹", 22), ("薛", 22), ("闫", 22), ("段", 21), ("雷", 21),
    ("龙", 20), ("黎", 20), ("史", 20), ("陶", 19), ("贺", 19), ("毛", 18), ("郝", 18), ("顾", 18),
    ("龚", 17), ("邵", 17), ("万", 16), ("覃", 16), ("武", 16), ("钱", 16), ("戴", 15), ("严", 15),
    ("莫", 15), ("孔", 14), ("向", 14), ("常", 13), ("汤", 13), ("葛", 12), ("俞", 12), ("翟", 8),
    ("单", 5), ("解", 4), ("仇", 3), ("查", 3), ("缪", 3), ("乐", 3), ("区", 2), ("朴", 2), ("盖", 2),
    ("尉", 1),
    # compound surnames (boosted, see the module docstring)
    ("欧阳", 50), ("司马", 20), ("司徒", 15), ("诸葛", 12), ("上官", 12), ("皇甫", 10), ("东方", 6),
    ("夏侯", 5), ("慕容", 5), ("令狐", 5), ("公孙", 4), ("尉迟", 3),
)
SURNAMES: tuple[str, ...] = tuple(s for s, _ in _SURNAME_WEIGHTS)
COMPOUND_SURNAMES: frozenset[str] = frozenset(s for s in SURNAMES if len(s) == 2)
_SURNAME_CUM = tuple(accumulate(w for _, w in _SURNAME_WEIGHTS))

# (first characters, second characters) of two-character given names, by generation and sex.
_GIVEN_POOLS: dict[tuple[str, bool], tuple[str, str]] = {
    ("old", True): ("建国志卫永德振金立红海春文", "国军华明强平林峰刚勇民生成忠福"),
    ("old", False): ("秀桂玉丽美淑春凤金红月素", "英兰芳珍华梅霞琴云娟莲芬"),
    ("mid", True): ("伟志俊建晓海文家明国小永", "伟强军涛斌磊鹏飞杰勇华东辉"),
    ("mid", False): ("晓丽小海春雪婷静丹艳燕", "丽静燕红敏洁霞婷丹娟芳颖"),
    ("new", True): ("子浩宇俊梓博嘉一皓睿天思铭沐", "轩涵宇然豪杰辰阳泽睿航铭哲源"),
    ("new", False): ("欣梓子雨诗佳思语可一若紫雅梦", "怡涵萱彤琪婷悦馨然诺汐琳瑶"),
}
# How often a generation gets a one-character given name.
_SINGLE_SHARE = {"old": 0.30, "mid": 0.25, "new": 0.12}


def generation_of(birth_year: int) -> str:
    if birth_year < 1970:
        return "old"
    return "mid" if birth_year < 1990 else "new"


def random_surname(rng: random.Random) -> str:
    return rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]


def random_given_name(rng: random.Random, *, male: bool, birth_year: int) -> str:
    generation = generation_of(birth_year)
    firsts, seconds = _GIVEN_POOLS[(generation, male)]
    if rng.random() < _SINGLE_SHARE[generation]:
        return rng.choice(seconds)
    return rng.choice(firsts) + rng.choice(seconds)


def random_name(rng: random.Random, *, male: bool, birth_year: int, surname: str | None = None) -> str:
    return (surname or random_surname(rng)) + random_given_name(rng, male=male, birth_year=birth_year)
