"""Personal names beside family words, in English and in Welsh with its mutations."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Final

_SOFT: Final = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "g": "", "m": "f"}
_NASAL: Final = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
_ASPIRATE: Final = {"p": "ph", "t": "th", "c": "ch"}


def mutations(word: str) -> set[str]:
    """Return a lower-case Welsh word with its soft, nasal and aspirate mutations."""
    w = word.lower()
    forms = {w}
    if w.startswith(("ch", "ph", "th", "ff", "dd", "ng", "mh", "nh")):
        return forms
    if w.startswith(("ll", "rh")):
        return forms | {w[0] + w[2:]}
    for table in (_SOFT, _NASAL, _ASPIRATE):
        if w[:1] in table:
            forms.add(table[w[:1]] + w[1:])
    return forms


def words(text: str) -> tuple[str, ...]:
    """Split a whitespace-separated word list."""
    return tuple(text.split())


def _expand(items: Iterable[str]) -> set[str]:
    return {form for word in items for form in mutations(word)}


_FAMILY_EN: Final = words(
    "mum mummy mam mom mother dad daddy father nan nana nanna nanny gran granny grandad "
    "granddad grandpa grandma grandmother grandfather grandparent grandparents parent parents "
    "brother sister son daughter aunt auntie aunty uncle stepdad stepmum step-dad step-mum "
    "stepfather stepmother stepbrother stepsister partner boyfriend girlfriend husband wife "
    "cousin baby child niece nephew sibling twin"
)
_FAMILY_CY: Final = words(
    "mam tad nain taid mam-gu tad-cu mamgu tadcu brawd chwaer mab merch modryb ewythr wncwl "
    "anti llysdad llystad llysfam babi baban plentyn partner cariad cefnder cyfnither ŵyr wyres "
    "gŵr gwraig nai nith rhiant rhieni teulu"
)
FAMILY_WORDS: Final = frozenset(set(_FAMILY_EN) | _expand(_FAMILY_CY) | {"mham"})
_FAMILY: Final = "|".join(re.escape(w) for w in sorted(FAMILY_WORDS, key=len, reverse=True))

_STOP_EN: Final = frozenset(
    words(
        """i i'm i've i'd i'll we he she they it you our my his her their the a an this that these
    those there here then now also but and so or if when while whilst although though because as
    after before since during once however overall both all some no yes not ok okay thanks sorry
    hi hello please met saw spoke visited called phoned rang texted emailed asked told said gave
    took explained discussed agreed noted observed reflected felt thought wondered planned
    arranged attended joined supported helped talked went came was were is are had has would
    could should did do does let next last first still again later earlier maybe perhaps really
    very what why how who where which good great well just even only more less most each every
    other another same despite following without within with about at on in to for from by of
    into over under nothing something everyone someone nobody today yesterday tomorrow tonight
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec christmas easter halloween diwali eid ramadan bank holiday half term summer autumn
    winter spring core group risk model camau welsh english effective protection conference
    review plan safety signs three houses strengths worries scaling question questions step
    steps score scores practice supervision team duty social services service children police
    school nursery playgroup college gp doctor hospital health visitor midwife council court
    camhs cafcass nspcc barnardo barnardo's flying start families first housing probation care
    order pre-proceedings plo icpc rcpc mash spoc fgc aid women's support assessment referral
    contact visit home centre unit ward clinic mr mrs ms miss dr nurse worker manager teams
    telegram zoom whatsapp facebook snapchat tiktok instagram youtube xbox playstation netflix
    google tesco asda aldi lidl morrisons sainsbury's mcdonald's greggs costa primark agencies
    agency need meeting family wales england britain uk women radio amazon flat house road street lane avenue
    close"""
    )
)
_STOP_CY: Final = frozenset(
    words(
        """mae roedd ro'n oedd bydd bu buodd aeth daeth es des wnes gwnes wnaeth gwnaeth dywedodd
    dwedodd meddai siaradais siaradodd cwrddais cwrddodd gwelais gwelodd ffoniais ffoniodd holais
    holodd esboniais eglurais trafodais trafodwyd cytunodd cytunwyd nodais sylwais teimlais
    teimlodd credaf rwy rydw dw dwi rydyn roeddwn roeddem roedden yr y a ac ond hefyd wedyn yna
    felly er oherwydd achos gan pan os wedi cyn ar ôl heddiw ddoe yfory fory nawr rŵan bellach
    eto erbyn yn yng ym i o â gyda gydag efo am at dros drwy trwy heb wrth hi fe fo e ef nhw ni
    chi fi mi ei eu ein fy dy hwn hon hyn hynny yno yma does dim nid na nac ie do naddo diolch
    sori helo shwmae bore da iawn mwy llai pawb popeth rhywun neb rhaid gall gallai dylai byddai
    hoffai mynegodd soniodd nododd disgrifiodd rhannodd rhoddodd cafodd cawsom cefais aethom
    daethom dydd nos prynhawn llun mawrth mercher iau gwener sadwrn sul ionawr chwefror ebrill
    mehefin gorffennaf awst hydref tachwedd rhagfyr nadolig pasg calan gaeaf gŵyl hanner tymor
    gwanwyn grŵp craidd model risg cymraeg saesneg cymru lloegr effeithiol amddiffyn plant
    cynhadledd adolygiad cynllun diogelwch arwyddion tri thŷ tŷ cryfderau pryderon cwestiwn cam
    sgôr ymarfer goruchwyliaeth tîm dyletswydd gwasanaethau gwasanaeth cymdeithasol heddlu ysgol
    meithrin cylch coleg meddyg ysbyty iechyd ymwelydd bydwraig cyngor llys dechrau deg
    teuluoedd gyntaf prawf gofal gorchymyn cymorth cefnogaeth asesiad atgyfeiriad cyswllt
    ymweliad cartref canolfan uned clinig nyrs gweithiwr rheolwr cyfarfod gyfun cynradd
    uwchradd merched menywod heol stryd ffordd lôn fflat"""
    )
)
_PLACES: Final = words(
    "caerdydd cardiff abertawe swansea casnewydd newport wrecsam wrexham bangor caernarfon "
    "aberystwyth caerfyrddin carmarthen llanelli merthyr pontypridd rhondda pen-y-bont bridgend "
    "barri barry rhyl llandudno conwy môn anglesey gwynedd powys ceredigion penfro pembroke "
    "dinbych denbigh fflint flint mold wyddgrug caerffili caerphilly torfaen blaenau gwent "
    "cwmbrân cwmbran llundain london birmingham manchester lerpwl liverpool bryste bristol caer "
    "chester aberdâr aberdare castell-nedd neath port talbot y-fenni abergavenny hwlffordd "
    "haverfordwest pwllheli dolgellau bala machynlleth llangefni caergybi holyhead"
)
STOPWORDS: Final = frozenset(
    _STOP_EN | _expand(_STOP_CY) | _expand(_PLACES) | {w.lower() for w in FAMILY_WORDS}
)

_UP: Final = "A-ZÀ-ÖØ-ÞŴŶ"
_TOKEN: Final = rf"[{_UP}](?:[^\W\d_]|['’](?!s\b)(?=[^\W\d_])|-(?=[^\W\d_]))+"
_NAME: Final = rf"(?<![\w'’-]){_TOKEN}(?:[ ]+{_TOKEN}){{0,2}}"
_ADJ_CY: Final = r"(?:bach|fach|mawr|fawr|hŷn|hynaf|ieuengaf|iau|ifanc|hun|hunan)"
_ADJ_EN: Final = (
    r"(?:little|baby|big|older|younger|elder|eldest|youngest|twin|new|maternal|paternal|"
    r"great-?|step-?|half-?)"
)
_DET: Final = r"(?:her|his|their|the|ei|eu|y|yr|fy|my)"
_SEP: Final = (
    rf"(?:[ ]+(?:{_ADJ_CY}[ ]+)?|[ ]*,[ ]*(?:sef[ ]+)?|[ ]*\([ ]*|[ ]*[–—-][ ]*"
    r"|,?[ ]+(?:called|named|o['’]r enw|sef)[ ]+)"
)
_FLAGS: Final = re.UNICODE

_SEP_NAME: Final = re.compile(rf"{_SEP}(?P<name>{_NAME})", _FLAGS)
_NAME_THEN_FAMILY: Final = re.compile(
    rf"(?P<name>{_NAME})(?:"
    rf"['’]s?[ ]+(?i:{_ADJ_EN}[ ]*)?(?i:\b(?:{_FAMILY})\b)"
    rf"|[ ]*\([^()\n]{{0,25}}?(?i:\b(?:{_FAMILY})\b)[^()\n]{{0,12}}\)"
    rf"|[ ]*,[ ]*(?i:{_DET}[ ]+)?(?:{_TOKEN}['’]s[ ]+)?(?i:{_ADJ_EN}[ ]*)?"
    rf"(?i:\b(?:{_FAMILY})\b)(?:[ ]+[\w'’-]+){{0,3}}?[ ]*[,;:)–—]"
    rf"|[ ]+(?i:(?:and|with)[ ]+(?:her|his|their)|(?:a|â|gyda|efo|ac)['’]i|ac[ ]+ei)[ ]+"
    rf"(?i:\b(?:{_FAMILY})\b))",
    _FLAGS,
)
_CALLED: Final = re.compile(rf"(?i:\b(?:called|named|o['’]r enw|sef))[ ]+(?P<name>{_NAME})", _FLAGS)
_PREPOSITIONS: Final = "with and i â a ac gyda gydag efo o gan am wrth heb dros drwy trwy ar"
_PREP_NAME: Final = re.compile(
    rf"(?<![\w'’-])(?i:{'|'.join(_PREPOSITIONS.split())})[ ]+(?P<name>{_NAME})", _FLAGS
)
_WORD: Final = re.compile(r"(?<![\w'’-])[^\W\d_]+(?:-[^\W\d_]+)*")
_TOKEN_RE: Final = re.compile(_TOKEN)
_SENTENCE_END: Final = re.compile(r"(?:[.!?]+[\"'’”)]*\s+|\n+)")
_TITLES: Final = frozenset({"mr", "mrs", "ms", "miss", "dr"})
_VERB_ENDINGS: Final = ("odd", "ais", "wyd", "asom")


def _is_stop(token: str, sentence_start: bool) -> bool:
    """Whether a capitalised token is a framework, place or ordinary word, not a name."""
    low = token.lower().replace("’", "'")
    if low in STOPWORDS or (len(token) > 1 and token.isupper()):
        return True
    head, _, tail = low.partition("'")
    if tail and head in STOPWORDS and token[len(head) + 1 :][:1].islower():
        return True
    return sentence_start and len(low) > 4 and low.endswith(_VERB_ENDINGS)


def _at_sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 8) : pos].rstrip(" \"'‘“(")
    return (not before and pos <= 8) or before[-1:] in {".", "!", "?", "\n", ":"}


def _good_run(text: str, start: int, end: int, keep_last: bool) -> tuple[int, int] | None:
    """Trim a captured name to its first (or last) run of tokens that are not stopwords."""
    tokens = [(m.start() + start, m.end() + start) for m in _TOKEN_RE.finditer(text[start:end])]
    while tokens and text[tokens[0][0] : tokens[0][1]].lower() in _TITLES:
        tokens = tokens[1:]
    good = [not _is_stop(text[s:e], _at_sentence_start(text, s)) for s, e in tokens]
    if keep_last:
        tokens, good = tokens[::-1], good[::-1]
    run: list[tuple[int, int]] = []
    for span, ok in zip(tokens, good, strict=True):
        if not ok:
            break
        run.append(span)
    if not run:
        return None
    return (min(s for s, _ in run), max(e for _, e in run))


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _family_ends(text: str) -> list[int]:
    """End offsets of family words (a hyphenated tail counts: great-gran, half-brother)."""
    ends = []
    for m in _WORD.finditer(text):
        word = m[0].lower()
        if word in FAMILY_WORDS or word.rpartition("-")[2] in FAMILY_WORDS:
            ends.append(m.end())
    return ends


def find_names(text: str) -> list[tuple[int, int]]:
    """Return spans of likely personal names beside family words, in text order."""
    spans: set[tuple[int, int]] = set()
    ends = _family_ends(text)
    found = [m for end in ends if (m := _SEP_NAME.match(text, end)) is not None]
    for m in (*found, *_CALLED.finditer(text)):
        if (run := _good_run(text, *m.span("name"), keep_last=False)) is not None:
            spans.add(run)
    if not ends:
        return _merge(spans)
    for m in _NAME_THEN_FAMILY.finditer(text):
        if (run := _good_run(text, *m.span("name"), keep_last=True)) is not None:
            spans.add(run)
    for s_start, s_end in _sentences(text):
        if not any(s_start < end <= s_end for end in ends):
            continue
        for m in _PREP_NAME.finditer(text, s_start, s_end):
            if (run := _good_run(text, *m.span("name"), keep_last=False)) is not None:
                spans.add(run)
    return _merge(spans)


def _merge(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
