"""English."""

from __future__ import annotations

from types import MappingProxyType

from draftwatch.engine.languages import Language, words

#: A prohibition stated rather than commanded ("... are not allowed") and a commitment ("is
#: committed to"), after "is"/"are"; then the same said by the rule-maker ("We do not tolerate
#: ...") and a commitment to go on ("will continue to offer"). Each joins the branches of the
#: `obligation` and `binding` expressions that open with the same word, which keeps them as fast.
_STATED_RULE = (
    r"(?:not|never)\s+(?:allowed|permitted|tolerated)\b|(?:firmly\s+|fully\s+)?committed\s+to\b"
)
_WE_DO_NOT = r"(?<=\bwe\s)(?:do|will)\s+not\s+(?:allow|permit|tolerate)\b"
_CONTINUE = r"continue\s+(?:to\s+[a-z]+|[a-z]+ing)\b"

TABLE = Language(
    code="en",
    name="English",
    stop_words=words(
        "the of and to in is that for it as with be by on not this are or which at from have an "
        "shall must may will should any such their its these those been has was were would"
    ),
    modals=MappingProxyType(
        {
            "must": 5,
            "shall": 5,
            "is required to": 5,
            "are required to": 5,
            "undertakes to": 4,
            "undertake to": 4,
            "will": 4,
            "should": 3,
            "would": 2,
            "is encouraged to": 2,
            "are encouraged to": 2,
            "may": 1,
            "might": 1,
            "can": 1,
            "could": 1,
        }
    ),
    # "including without limitation" and "including, but not limited to" widen a list: no
    # statement is negated by them.
    negation=(
        r"\b(?!(?<=\bbut\s)not\s+limited\s+to\b)(?:not|no|never|without|nor|neither)\b"
        r"(?!\s+(?:only|prejudice|exception|limitation)\b)(?!\s*:)"
        r"|(?<=\bcan)not\b"
    ),
    obligation=(
        r"\b(?:must|shall|may|cannot|can\s+not|won't|"
        rf"will\s+(?:not|{_CONTINUE})|{_WE_DO_NOT}|"
        rf"(?:is|are)\s+(?:{_STATED_RULE}|"
        r"(?:required|obliged|obligated|entitled|permitted|prohibited|forbidden)\b|"
        r"responsible\s+for)|"
        r"reserves?\s+the\s+right|agrees?\s+to|undertakes?\s+to|"
        r"(?:no|not)\s+later\s+than|within\s+(?:\d+|{number_word})\b)"
    ),
    number_words=words(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
        "ninety hundred"
    ),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ),
    time_units=r"(?:days?|weeks?|months?|years?)",
    currencies=MappingProxyType(
        {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "pounds": "GBP"}
    ),
    scales=MappingProxyType(
        {
            "thousand": 1e3,
            "k": 1e3,
            "million": 1e6,
            "mn": 1e6,
            "m": 1e6,
            "billion": 1e9,
            "bn": 1e9,
            "trillion": 1e12,
        }
    ),
    repeal_words=(),  # English rules were tuned without it: kept as they were
    percent_words=("percent", "per cent"),
    clause_markers=(
        "Section",
        "Article",
        "Clause",
        "Paragraph",
        "Part",
        "Chapter",
        "Schedule",
        "Annex",
        "Appendix",
        "Rule",
    ),
    not_names=words(
        "a an and as at but by each for from however if in it its no not of on or so such that "
        "the their these this those to when where whether which while with yes "
        "neither nor either both all any upon after before during unless until once since "
        "we you our your they he she his her there here then also only every other "
        "january february march april may june july august september october november december "
        "monday tuesday wednesday thursday friday saturday sunday "
        "annex appendix article chapter clause figure paragraph part schedule section table title "
        "see cf id ibid"
    ),
    condition=(
        r"\b(?:if|unless|provided\s+(?:that|however)|providing\s+that|subject\s+to|except|"
        r"excluding|only\s+(?:if|when|where)|as\s+long\s+as|so\s+long\s+as|until|"
        r"in\s+the\s+event|on\s+condition|(?:no|not)\s+later\s+than|within\s+\d+|"
        r"does\s+not\s+apply|shall\s+not\s+apply)\b"
    ),
    binding=(
        rf"\b(?:must|shall|may\s+(?:not|only)|will\s+(?:not|only|{_CONTINUE})|{_WE_DO_NOT}|"
        rf"reserves?\s+the\s+right|(?:is|are)\s+(?:{_STATED_RULE}|(?:not\s+)?(?:required|"
        r"obliged|obligated|permitted|prohibited|forbidden|entitled)\b|"
        r"(?:solely\s+)?responsible\s+for)|agrees?\s+(?:not\s+)?to|"
        r"undertakes?\s+to|"
        r"(?:no|not)\s+later\s+than|is\s+(?:expressly\s+)?excluded|"
        # a party's remedies: rights to end, suspend or hold back
        r"(?:may|will)\s+(?:\w+\s+)?(?:terminate|suspend|withhold|revoke)\b|"
        r"at\s+(?:its|our|their)\s+(?:sole\s+)?discretion|"
        # when a term or a period starts or ends: "The matching period begins after ..."
        r"(?:begins?|starts?|commences?|ends?|expires?)\s+(?:after|when|once|upon|on)\b)"
    ),
    qualifier=(
        r"(?:unless|except|excluding|save\s+(?:as|for|where)|provided\s+(?:that|however)|"
        r"subject\s+to|to\s+the\s+(?:extent|degree)|in\s+so\s+far\s+as|insofar\s+as|"
        r"without\s+prejudice|notwithstanding|only\s+(?:if|when|where|to|for)|"
        r"as\s+(?:permitted|required|allowed)\s+by|where\s+(?:permitted|required|allowed))\b"
    ),
    disclaimer=(
        r"\b(?:without\s+(?:any\s+)?warrant(?:y|ies)|no\s+warrant(?:y|ies)|"
        r"(?:provided|distributed)\s+(?:on\s+an\s+)?[\"'“]?as\s+is\b|"
        r"(?:no|any)\s+liability\s+for|(?:not|in\s+no\s+event)\s+(?:be\s+)?liable)"
    ),
    joining_words=("or", "and"),
    dating_words=("of", "dated"),
    street=(
        r"\b\d{1,5}[A-Za-z]?(?:\s+[A-Z][\w'’.-]*){1,4}\s+(?:Street|St|Avenue|Ave|Road|Rd|"
        r"Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Way|Parkway|Pkwy|"
        r"Highway|Hwy|Terrace|Plaza)\b\.?"
        # a US place line without its street: "Boston, MA 02110-1301"
        r"|(?<=[a-z],\s)[A-Z]{2}\s{1,2}\d{5}(?:-\d{4})?\b|(?<=[a-z]\s)[A-Z]{2}\s{1,2}\d{5}-\d{4}\b"
    ),
    relative_modal=r"\b(?:who|which|that)\s+(?:may|might|can|could|cannot)\b",
    necessity_modal=(
        r"\b(?:must|has\s+to|have\s+to|needs?\s+to)\s+be\s+[a-z]+(?:ed|en)\b[^,;:.]{0,60}?"
        r"\b(?:in\s+order|so\s+as)\s+to\b"
    ),
)
