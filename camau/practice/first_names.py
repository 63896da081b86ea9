"""First names for the privacy guard: common given names of children and adults in Wales.

Source: compiled by hand for Camau from the names in the Office for National Statistics'
"Baby names in England and Wales" top-100 tables for boys and girls (1996 to 2023) and its
Wales top-10 tables, the ONS historical series of the most popular first names (1904 to
1994, for parents and grandparents), and Welsh Government / ONS tables of popular names in
Wales. It was written from those published tables, not copied from a data file, and holds
no name taken from social media or any other scraped source. Check additions against the
same tables. Names that are also ordinary words or months (May, June, Summer, Will, Mark,
Hope, Haf, Mai, Medi, Môn) are left out: the guard finds those only from their context.
"""

from __future__ import annotations

from typing import Final

from camau.practice.privacy_names import mutations

_ENGLISH: Final = """
aaliyah aaron abbie abby abdul abigail adam adrian ahmed aidan aiden alan albert alex alexander
alexandra alexis alfie alice alicia alisha alison alyssa amanda amber amelia amelie amy andrea
andrew angela anna annabelle anne annie anthony archie arthur ashley aston ava ava-grace barbara
bella ben benjamin bethany beverley billy bobby bradley brandon brenda brian brooke caitlin
callum calum cameron caroline carl carol carly caroline casey catherine charlie charlotte
chelsea cheryl chloe christine christopher claire clare connor corey courtney craig daisy
daniel danielle darren david dawn dean debbie deborah declan demi denise dennis derek dexter
diane dominic donna dorothy dylan eddie edward eleanor elijah elizabeth ella ellie ellis emily
emma erin ethan evie ewan faye finley finn frankie freddie frederick freya gary gavin gemma
george georgia gillian gordon graham hannah harley harley-rae harper harriet harrison harry
harvey hayden hayley heather helen henry holly hollie hugo ian imogen isaac isabel isabella
isabelle isla isobel ivy jack jackson jacob jade jake james jamie jane janet jasmine jason
jay jayden jayne jean jenna jennifer jessica jodie joe joel john jonathan jordan joseph joshua
josh joyce judith julie justin kai karen kate katie kayden kayla kayleigh keira keith kelly
kerry kevin kian kieran kim kyle lacey lara laura lauren layla leah lee leo leon lewis liam
lily lisa logan louie louis louise lucas lucy luke lydia maisie maria martin mary mason matilda
matthew max maya megan melissa michael michelle millie mohammed molly morgan muhammad nathan
neil nicola nicole noah oliver olivia ollie oscar owen paige pamela patricia paul pauline peter
philip phoebe poppy rachel rebecca reece rhys richard riley robert robyn ronnie rosie ruby
ruby-leigh ryan sam samantha samuel sandra sara sarah scarlett scott sean shane sharon shaun
sian sienna skye sophia sophie stacey stephanie stephen steven stuart susan tanya teddy terry
theo theodore thomas tia tia-mae tiffany tilly toby tom tommy tony tracey tracy tyler
tyler-james vanessa victoria wayne william willow yasmin zac zach zachary zara zoe
"""
# Welsh given names (with their soft, nasal and aspirate mutations added below).
_WELSH: Final = """
alaw aled alun alys aneurin angharad anest anwen aron arwel awen bedwyr beca bethan brân bryn
cadi cai caio carwyn carys catrin ceri cerian ceris cerys dafydd dai deio delyth dewi dwynwen
dyfan dylan efa eifion eira eirian eirlys elan eleri elen elin elis ellis eluned emlyn emrys emyr
endaf erin esyllt ffion gareth garmon geraint gethin glenys glesni glyn gruffudd gruffydd guto
gwawr gwen gwenllian gwenno gwern gwilym gwion gwyn gwyneth harri heledd huw hywel idris iestyn
ifan iolo ioan iwan jac jac-huw leusa lili llew llio llinos lowri mabli macsen mali manon mared
mari megan meinir meirion menna mererid mirain morgan myfanwy nanw nel nerys nest nia non
nye osian owain owen pedr rhian rhiannon rhodri rhun rhys seren sian siân sioned siôn steffan
sulwen taliesin tegan tegwen teleri tirion tomos twm tudur wyn ynyr
"""


# Mutated forms that are also words (nai: nephew; run: English) are dropped.
_WORDS: Final = frozenset({"nai", "run", "non", "gai", "wen"})


def _names() -> frozenset[str]:
    english = set(_ENGLISH.split())
    welsh = {form for name in _WELSH.split() for form in mutations(name)}
    return frozenset((english | welsh) - _WORDS)


FIRST_NAMES: Final = _names()
