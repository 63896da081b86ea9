"""Labelled reflections for the privacy guard, in Welsh and English, and how they are scored."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from camau.practice.privacy import KINDS, Finding

CORPUS_TODAY = date(2026, 11, 28)
# What a label may be: the guard's kinds, and street addresses (labelled before it reports them).
LABEL_KINDS = tuple(dict.fromkeys((*KINDS, "address")))


@dataclass(frozen=True)
class Sample:
    """One sentence, its language and the identifiers it holds as (kind, exact substring)."""

    lang: str
    text: str
    expected: tuple[tuple[str, str], ...] = ()


def _cy(text: str, *expected: tuple[str, str]) -> Sample:
    return Sample("cy", text, expected)


def _en(text: str, *expected: tuple[str, str]) -> Sample:
    return Sample("en", text, expected)


N, P, T, E, H, D = "name", "postcode", "phone", "email", "nhs_number", "date_of_birth"

CORPUS: tuple[Sample, ...] = (
    # English, with identifiers
    _en("Dad (Gareth) said he would ring the school before Friday.", (N, "Gareth")),
    _en(
        "Met Kayleigh's nan at the school gate and she was warm with the children.", (N, "Kayleigh")
    ),
    _en("Mum, Sarah, was more open today and named the change herself.", (N, "Sarah")),
    _en("Spoke with Jayden's dad on the phone; he was calmer than last week.", (N, "Jayden")),
    _en("Her partner Liam was present for the first half of the visit.", (N, "Liam")),
    _en("Nan (Mrs Jones) has offered to have the children on Saturdays.", (N, "Jones")),
    _en("Mum said her brother, Craig, sometimes stays over at weekends.", (N, "Craig")),
    _en("The baby, Harley-Rae, was asleep in the pram throughout.", (N, "Harley-Rae")),
    _en("Uncle Dean collected the boys from school.", (N, "Dean")),
    _en("Aunt Lisa lives two streets away and is a strong safety person.", (N, "Lisa")),
    _en("Mum's new boyfriend is called Ryan and the children have not met him yet.", (N, "Ryan")),
    _en("Jessica and her mum talked about bedtime routines.", (N, "Jessica")),
    _en("Grandad Terry was clear that he wants to help.", (N, "Terry")),
    _en("Mum gave me her number, 07700 900123, so I can text before visits.", (T, "07700 900123")),
    _en("She can be reached on 029 2087 1234 during the day.", (T, "029 2087 1234")),
    _en(
        "Mum asked me to email her at sarah.jones84@gmail.com with the plan.",
        (E, "sarah.jones84@gmail.com"),
    ),
    _en("The family have moved to a flat at CF24 4HQ.", (P, "CF24 4HQ")),
    _en("New address is in sa1 8ph, closer to where nan lives.", (P, "sa1 8ph")),
    _en("DOB 14/02/2016, attends the local primary.", (D, "14/02/2016")),
    _en("He was born on 3 March 2019 and is now in reception.", (D, "3 March 2019")),
    _en("Baby's date of birth is 21.09.2025.", (D, "21.09.2025")),
    _en("Her NHS number is 943 476 5919 if the health visitor needs it.", (H, "943 476 5919")),
    _en("NHS no. 4505577104 was on the referral form.", (H, "4505577104")),
    _en("Mum (born 12/07/1990) spoke about her own childhood in care.", (D, "12/07/1990")),
    _en("Dad's mobile is +44 7700 900456 and he prefers texts.", (T, "+44 7700 900456")),
    _en("Called mum on 07700-900-789 to confirm the time.", (T, "07700-900-789")),
    _en("Kayleigh's older sister Chloe came home halfway through.", (N, "Kayleigh"), (N, "Chloe")),
    _en("I met mum at their new home, NP20 4AA, and the flat was tidy.", (P, "NP20 4AA")),
    _en("Dad, Mark, and stepmum, Julie, both came to the meeting.", (N, "Mark"), (N, "Julie")),
    _en("Sophie (mum) was tearful when we talked about the worries.", (N, "Sophie")),
    _en(
        "Tyler's nan rang on 01248 123456 to say he was poorly.", (N, "Tyler"), (T, "01248 123456")
    ),
    _en("Mum told me the children's dad, Wayne, has been in touch again.", (N, "Wayne")),
    _en("Her cousin Amber helps with the school run.", (N, "Amber")),
    _en("The younger child's DOB is 05/06/2017 according to the school.", (D, "05/06/2017")),
    _en("The children's father was born on 1 January 1988 in Swansea.", (D, "1 January 1988")),
    _en(
        "Mum wrote her e-mail as jo.evans@hotmail.co.uk on the safety plan.",
        (E, "jo.evans@hotmail.co.uk"),
    ),
    _en("Dad moved in with his mother, Pauline, last month.", (N, "Pauline")),
    _en("Mum is happy for the nursery to call her on (01792) 456789.", (T, "(01792) 456789")),
    _en("The old address on file was LL55 1AB but they left in the summer.", (P, "LL55 1AB")),
    _en("Mum mentioned an older letter dated 17/05/2021 about rent arrears.", (D, "17/05/2021")),
    _en("I explained to Ruby's mum that the plan is hers as much as ours.", (N, "Ruby")),
    _en("Visited Ahmed's mum at the flat after school.", (N, "Ahmed")),
    _en("Leah said her dad Tom drinks most nights.", (N, "Tom")),
    _en("Talked to Jack and his sister about how school has been.", (N, "Jack")),
    _en("Evie, the baby, was asleep for most of the visit.", (N, "Evie")),
    _en("D.O.B: 3.4.2014, per the education welfare form.", (D, "3.4.2014")),
    _en("Aged 4 (DOB 22/8/2022) and settled at nursery.", (D, "22/8/2022")),
    _en("Her birthday is 14 March, and mum is planning a small party.", (D, "14 March")),
    _en("Mum's sister Kerry-Ann was supportive throughout.", (N, "Kerry-Ann")),
    _en("Brother Kai is in Year 9 and doing well.", (N, "Kai")),
    # English, ordinary text and hard negatives
    _en("Mum was more open today and named the change herself."),
    _en("The core group on 3/12/2026 will review the safety plan."),
    _en("Case reference CP-2024-0153 was updated after the visit."),
    _en("I have linked this to 12345/CP so the team can see it."),
    _en("Dad said he would think about the Three Houses work before Monday."),
    _en("Nan was worried but said she felt listened to."),
    _en("Today the Risk Model helped me separate worries from strengths."),
    _en("We used the Camau scaling question and mum put herself at 6."),
    _en("The children were quieter than usual; the baby was settled."),
    _en("Next visit booked for 12 January at 10:30."),
    _en("Supervision on 14/11/2026 focused on my own feelings about the case."),
    _en("Mum and dad both attended the Core Group and agreed the actions."),
    _en("Sister was at school so I saw mum on her own."),
    _en("Cardiff Council housing team have been asked to visit."),
    _en("My manager suggested I slow down and ask more open questions."),
    _en("Grandparents have offered support at weekends."),
    _en("Dad acknowledged the impact of the arguments on the children."),
    _en("The conference is on 03/12/2026 at 2pm in Swansea."),
    _en("It was hard to hear mum describe last winter."),
    _en("Brother was playing Xbox in his room throughout."),
    _en("I called Duty to update them after the visit."),
    _en("Mum called Children's Services herself on Tuesday, which is a real shift."),
    _en("The referral from the GP came in on 2 October."),
    _en("Plan agreed: mum to attend the Flying Start group on Thursdays."),
    _en("Dad felt the Safety Plan was realistic and wants to keep going."),
    _en("Mum scored the week a 7 out of 10 on the scale."),
    _en("There were 3 adults and 2 children present; everyone was calm."),
    _en("We talked about the 2019 incident and what has changed since."),
    _en("The child protection review is due on 15 January 2027."),
    _en("Baby is feeding well and mum is attending the clinic."),
    _en("Mum and the children are moving to Wrexham to be nearer to nan."),
    _en("Uncle has been supportive; the team will meet him next week."),
    _en("Aunt asked for a copy of the plan in Welsh."),
    _en("Dad said Friday works better for him."),
    _en("Mum is proud that she kept the home calm over Christmas."),
    _en("Phone contact with dad every Wednesday at 6pm."),
    _en("Mum's mood was low; GP appointment on 4/12/2026."),
    _en("Partner agencies shared their views at the strategy meeting."),
    _en("Mum read her score aloud: 8, up from 5 in October."),
    _en("The number on the old form, 943 476 5918, does not pass the NHS check."),
    _en("Child Protection Conference minutes are on the system."),
    _en("Dad spoke to the Health Visitor and to Flying Start about the baby."),
    _en("Dad works at Amazon in Swansea and does night shifts."),
    _en("Mum took the children to Barry Island for the day."),
    _en("Mum and I agreed the plan together."),
    _en("Mum has an appointment with Women's Aid next week."),
    _en("Dad took the children to Pizza Hut for tea."),
    _en("Her dad works for Tata Steel in Port Talbot."),
    _en("Mum phoned 999 on Saturday night and the police came."),
    # Welsh, with identifiers
    _cy("Aeth mam Cerys â hi i'r ysgol yn CF10 3AT.", (N, "Cerys"), (P, "CF10 3AT")),
    _cy("Siaradais â'i fam, Sian, am y cartref.", (N, "Sian")),
    _cy("Ffoniodd ei thad, Dafydd, o 07700 900123.", (N, "Dafydd"), (T, "07700 900123")),
    _cy("Roedd nain Osian yn yr ysgol pan gyrhaeddais.", (N, "Osian")),
    _cy("Rhoddodd ei fam y ffôn i Fethan er mwyn iddi siarad â fi.", (N, "Fethan")),
    _cy("Mae ei brawd, Iwan, yn aros gyda nhw ar y penwythnos.", (N, "Iwan")),
    _cy("Dywedodd y plentyn fod 'fy nhad Gareth' yn gweiddi gyda'r nos.", (N, "Gareth")),
    _cy("Mae taid (Dewi) yn fodlon helpu gyda'r ysgol.", (N, "Dewi")),
    _cy("Cwrddais â chwaer fach Lowri yn y parc.", (N, "Lowri")),
    _cy("Mae partner mam, o'r enw Rhys, wedi symud i mewn.", (N, "Rhys")),
    _cy("Ganwyd Elis ar 3 Mawrth 2019 yn Ysbyty Gwynedd.", (D, "3 Mawrth 2019")),
    _cy("Dyddiad geni: 14/02/2016.", (D, "14/02/2016")),
    _cy("Rhif ffôn mam yw 07700 900456.", (T, "07700 900456")),
    _cy(
        "Gallwch e-bostio ei modryb ar nerys.williams@btinternet.com.",
        (E, "nerys.williams@btinternet.com"),
    ),
    _cy("Mae'r teulu wedi symud i LL57 2DG ger Bangor.", (P, "LL57 2DG")),
    _cy("Rhif GIG y babi yw 943 476 5919.", (H, "943 476 5919")),
    _cy("Roedd ei dad, Aled, yn fwy tawel heddiw.", (N, "Aled")),
    _cy("Siaradais â mam-gu Tomos ar y ffôn.", (N, "Tomos")),
    _cy("Mae modryb Ffion yn byw drws nesaf ac mae hi'n berson diogel.", (N, "Ffion")),
    _cy("Mae Gwen a'i mam yn gweithio ar y cynllun diogelwch gyda'i gilydd.", (N, "Gwen")),
    _cy("Cafodd y babi ei eni ar 21.09.2025 yn yr ysbyty.", (D, "21.09.2025")),
    _cy("Daeth ei lysdad, Kevin, i'r cyfarfod yn hwyr.", (N, "Kevin")),
    _cy("Mae tad Mali wedi gofyn am gyswllt bob dydd Sadwrn.", (N, "Mali")),
    _cy("Y cyfeiriad newydd yw 12 Heol y Parc, SA31 1AB.", (P, "SA31 1AB")),
    _cy("Ffoniwch ei nain ar 01286 672345 os oes angen.", (T, "01286 672345")),
    _cy("Roedd ei ferch, Seren, yn swil ar y dechrau.", (N, "Seren")),
    _cy("Dywedodd mam ei bod hi wedi siarad â'i chwaer, Nia, neithiwr.", (N, "Nia")),
    _cy("Bu ei frawd Gethin yn y carchar y llynedd.", (N, "Gethin")),
    _cy("Soniodd ei mam am Gerys a sut mae hi'n ymdopi.", (N, "Gerys")),
    _cy("Mae'r plant yn aros gyda'u taid, Emyr, tan ddydd Llun.", (N, "Emyr")),
    _cy("Rhif GIG ar y ffurflen: 401 023 2137.", (H, "401 023 2137")),
    _cy("E-bost tad: dai.morgan@outlook.com", (E, "dai.morgan@outlook.com")),
    _cy("Mae cariad mam, Jason, yn treulio llawer o amser yn y tŷ.", (N, "Jason")),
    _cy("Ganed ei mam ar 12/07/1990, felly mae hi'n 36 oed.", (D, "12/07/1990")),
    _cy("Rhoddodd tad ei rif i mi: +44 7700 900321.", (T, "+44 7700 900321")),
    _cy("Mae'r cyfeiriad ar y system yn dal i ddangos np44 3hq.", (P, "np44 3hq")),
    _cy("Roedd llythyr y landlord wedi'i ddyddio 02/03/2020.", (D, "02/03/2020")),
    _cy("Mae ewythr Dylan yn gyrru'r plant i'r ysgol bob bore.", (N, "Dylan")),
    _cy("Eglurais wrth fam Jac fod y cynllun yn perthyn iddi hi hefyd.", (N, "Jac")),
    _cy("Pen-blwydd Cai yw 9fed Mehefin 2018.", (D, "9fed Mehefin 2018")),
    _cy("Gwelais Mared a'i thad yn y dre.", (N, "Mared")),
    _cy("Ffoniodd Elen, mam y plant, i ganslo'r ymweliad.", (N, "Elen")),
    _cy("Aeth nain â Mia i'r parc tra oeddwn i'n siarad â mam.", (N, "Mia")),
    _cy("Dywedodd ei fam wrth Ddylan am fynd i'w wely.", (N, "Ddylan")),
    _cy("Mae pen-blwydd Cai ar 9 Mehefin, ac mae mam yn poeni am yr arian.", (D, "9 Mehefin")),
    _cy("Daeth Lisa (modryb) draw i helpu gyda'r plant.", (N, "Lisa")),
    _cy("Esboniais y Tri Thŷ i'w merch, Beca, ac roedd hi'n deall.", (N, "Beca")),
    _cy("Mynegodd mam bryder am ei phartner, Lee.", (N, "Lee")),
    # Welsh, ordinary text and hard negatives
    _cy("Roedd mam yn fwy agored heddiw."),
    _cy("Bydd y Grŵp Craidd yn cwrdd ar 3/12/2026."),
    _cy("Diweddarais gyfeirnod yr achos CP-2024-0153 ar ôl yr ymweliad."),
    _cy("Mae'r nodyn wedi'i gysylltu â 12345/CP."),
    _cy("Dydd Llun aeth dad â'r plant i'r ysgol ar amser."),
    _cy("Roedd y Model Risg yn help i wahanu'r pryderon a'r cryfderau."),
    _cy("Defnyddiais gwestiwn graddio Camau a rhoddodd mam 6 allan o 10."),
    _cy("Mae nain yn poeni ond dywedodd ei bod hi'n teimlo bod rhywun yn gwrando."),
    _cy("Aeth mam i Gaerdydd gyda'r plant ddydd Sadwrn."),
    _cy("Roedd tad yn dawel ond yn barod i siarad am y Tri Thŷ."),
    _cy("Mae'r babi yn bwydo'n dda ac mae'r ymwelydd iechyd yn hapus."),
    _cy("Cytunwyd y bydd y gynhadledd adolygu ar 15 Ionawr 2027."),
    _cy("Goruchwyliaeth ar 14/11/2026 am fy nheimladau fy hun am yr achos."),
    _cy("Mae mam eisiau i'r cynllun fod yn Gymraeg."),
    _cy("Dywedodd dad ei fod yn falch o'r newid."),
    _cy("Doedd y brawd ddim adref felly siaradais â mam ar ei phen ei hun."),
    _cy("Ymweliad nesaf: 12 Ionawr am 10:30."),
    _cy("Roedd y plant yn chwarae'n braf yn yr ardd tra oedden ni'n siarad."),
    _cy("Mae'r teulu'n symud i Wrecsam i fod yn agosach at nain."),
    _cy("Soniodd mam am Nadolig anodd y llynedd."),
    _cy("Ffoniais y Tîm Dyletswydd ar ôl yr ymweliad."),
    _cy("Mynegodd tad ei fod yn cytuno â'r Cynllun Diogelwch."),
    _cy("Roedd ewythr yn gefnogol, a bydd y tîm yn cwrdd ag ef wythnos nesaf."),
    _cy("Rhoddodd mam sgôr o 8 iddi hi ei hun, i fyny o 5 ym mis Hydref."),
    _cy("Buom yn trafod digwyddiad 2019 a beth sydd wedi newid ers hynny."),
    _cy("Bydd cyswllt ffôn gyda dad bob nos Fercher am 6."),
    _cy("Mae hwyliau mam yn isel; apwyntiad meddyg teulu ar 4/12/2026."),
    _cy("Cafodd y plant amser da yn Ysgol Gynradd Pen-y-bont."),
    _cy("Gofynnodd modryb am gopi o'r cynllun yn Saesneg."),
    _cy("Roedd merch hynaf y teulu yn yr ysgol."),
    _cy("Aeth tad â'r bechgyn i Abertawe i weld y gêm."),
    _cy("Mae mam yn falch iddi gadw'r cartref yn dawel dros y Pasg."),
    _cy("Heddiw, mam a fi oedd yr unig rai yn y cyfarfod."),
    _cy("Mae'r rhif ar yr hen ffurflen, 943 476 5918, yn anghywir."),
    _cy("Roedd mam yn siarad Cymraeg gyda'r babi drwy'r amser."),
    _cy("Bydd tad yn mynd â nhw i Gaernarfon ar ddydd Gwener."),
    _cy("Mae'r cynllun wedi'i rannu gyda Gwasanaethau Plant a'r Heddlu."),
    _cy("Yn y Gynhadledd Amddiffyn Plant, roedd mam yn teimlo'n fwy hyderus."),
    _cy("Dechreuodd mam fynychu grŵp Dechrau'n Deg ym mis Medi."),
    _cy("Nododd fy rheolwr fod angen i mi arafu a gofyn cwestiynau agored."),
    _cy("Aeth mam â'r plant i Lan-llyn am y penwythnos."),
    _cy("Bydd mam yn mynd i Aldi gyda'r plant bob dydd Gwener."),
    _cy("Mae mam yn dilyn cwrs gyda Choleg Cambria."),
    _cy("Roedd mam wedi siarad â Chymorth i Ferched Cymru."),
    _cy("Aeth y plant at eu tad yn Y Rhyl dros y penwythnos."),
)


@dataclass
class Score:
    """How the guard did on the corpus."""

    hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABEL_KINDS, 0))
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LABEL_KINDS, 0))
    clean_sentences: int = 0
    false_alarm_sentences: int = 0
    findings: int = 0
    correct_findings: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_findings: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of labelled identifiers found with the right kind."""
        return sum(self.hits.values()) / max(1, sum(self.totals.values()))

    @property
    def false_alarm_rate(self) -> float:
        """Share of identifier-free sentences that got any finding at all."""
        return self.false_alarm_sentences / max(1, self.clean_sentences)

    @property
    def precision(self) -> float:
        """Share of findings that match a labelled identifier of the same kind."""
        return self.correct_findings / max(1, self.findings)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(
    find: Callable[[str, date], Sequence[Finding]], samples: Sequence[Sample] = CORPUS
) -> Score:
    """Score a finder: a label is found when a finding of its kind overlaps its substring."""
    result = Score()
    for sample in samples:
        found = find(sample.text, CORPUS_TODAY)
        labels = []
        for kind, sub in sample.expected:
            start = sample.text.index(sub)
            labels.append((kind, (start, start + len(sub))))
        for kind, span in labels:
            result.totals[kind] += 1
            if any(f.kind == kind and _overlaps(f.span, span) for f in found):
                result.hits[kind] += 1
            else:
                result.misses.append((kind, sample.text[span[0] : span[1]], sample.text))
        result.findings += len(found)
        for f in found:
            if any(f.kind == kind and _overlaps(f.span, span) for kind, span in labels):
                result.correct_findings += 1
            else:
                result.false_findings.append((f.kind, f.text, sample.text))
        if not labels:
            result.clean_sentences += 1
            result.false_alarm_sentences += bool(found)
    return result
