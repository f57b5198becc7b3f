"""German."""

from __future__ import annotations

from types import MappingProxyType

from draftwatch.engine.languages import Language, modal_table, words

TABLE = Language(
    code="de",
    name="Deutsch",
    stop_words=words(
        "der die das und in den von zu mit ist des dem nicht sich auf für ein eine einer eines "
        "als auch es an werden wird sind bei oder nach aus im durch sowie wenn nur über"
    ),
    modals=modal_table(
        must=("muss", "müssen", "muß", "müßte", "ist verpflichtet", "sind verpflichtet", "hat zu"),
        should=("soll", "sollen", "sollte", "sollten"),
        may=("kann", "können", "darf", "dürfen"),
    ),
    negation=(
        r"\b(?:nicht|kein|keine|keinen|keinem|keiner|keines|ohne|nie|niemals|weder)\b"
        r"(?!\s+(?:nur|unbeschadet)\b)"
    ),
    obligation=(
        r"\b(?:muss|müssen|muß|soll|sollen|darf|dürfen|kann|können|"
        r"(?:ist|sind)\s+(?:nicht\s+)?(?:verpflichtet|berechtigt|zulässig|erlaubt|gestattet)\b|"
        # a prohibition, also after its object ("ist dem Arbeitgeber untersagt"), and a
        # commitment ("verpflichtet sich", "dass er sich verpflichtet")
        r"(?:untersagt|verboten|unzulässig)\b|verpflichte[nt]?\s+sich\b|sich\s+verpflichte[nt]?\b|"
        r"findet\s+\w*\s*keine\s+Anwendung|spätestens|innerhalb\s+(?:von\s+)?\d+)"
    ),
    number_words=words(
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig "
        "fünfzig sechzig siebzig achtzig neunzig hundert tausend"
    ),
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    time_units=r"(?:Tagen?|Tages|Wochen?|Monaten?|Monats|Monate|Jahren?|Jahres|Jahre)",
    currencies=MappingProxyType({"euro": "EUR"}),
    scales=MappingProxyType(
        {
            "tausend": 1e3,
            "mio": 1e6,
            "million": 1e6,
            "millionen": 1e6,
            "mrd": 1e9,
            "milliarde": 1e9,
            "milliarden": 1e9,
        }
    ),
    repeal_words=("weggefallen", "aufgehoben", "entfällt"),
    percent_words=("Prozent", "vom Hundert", "v. H.", "%"),
    clause_markers=(
        "§",
        "§§",
        "Art.",
        "Artikel",
        "Absatz",
        "Abs.",
        "Satz",
        "Nr.",
        "Nummer",
        "Buchstabe",
        "Abschnitt",
        "Kapitel",
        "Teil",
        "Anlage",
        "Anhang",
        "S.",  # Seite: a page cited
        # Citations of the Federal Law Gazette give its part and page: "G v. 26.4.2006 I 984".
        "I",
        "II",
    ),
    not_names=words(
        "der die das den dem des ein eine einer eines einem einen und oder aber wenn soweit "
        "sofern für von mit bei nach aus im in am zum zur auf an durch über unter dies diese "
        "dieser dieses es er sie wir ihr satz nr nummer absatz artikel art abschnitt anlage "
        "januar februar märz april mai juni juli august september oktober november dezember"
    ),
    space_thousands=True,
    capitalised_nouns=True,
    condition=(
        r"\b(?:sofern|soweit|wenn|falls|es\s+sei\s+denn|ausgenommen|außer|vorbehaltlich|"
        r"nur\s+dann|unter\s+der\s+Voraussetzung|(?:ist|sind)\s+nicht\s+anzuwenden|"
        r"gilt\s+nicht|gelten\s+nicht|findet\s+\w*\s*keine\s+Anwendung|spätestens|"
        r"längstens|innerhalb\s+(?:von\s+)?\w+\s+(?:Tagen|Wochen|Monaten|Jahren)|"
        r"bis\s+(?:zum|zur)|abweichend\s+von)\b"
    ),
    qualifier=(
        r"(?:sofern|soweit|es\s+sei\s+denn|unbeschadet|vorbehaltlich|außer|ausgenommen|"
        r"mit\s+Ausnahme|abweichend\s+von|nur\s+(?:wenn|soweit|sofern)|nach\s+Maßgabe|"
        r"unter\s+(?:der\s+)?Voraussetzung)\b"
    ),
    disclaimer=(
        r"\b(?:ohne\s+(?:jede\s+)?(?:Gewähr|Gewährleistung)|keine\s+(?:Gewähr|Gewährleistung|"
        r"Haftung)|Haftung\s+(?:ist\s+)?ausgeschlossen)"
    ),
    joining_words=("oder", "und", "sowie"),
    dating_words=("vom", "v."),
    street=(
        r"\b[\w-]*(?:[Ss]traße|[Ss]trasse|str\.|[Pp]latz|[Aa]llee|[Gg]asse|[Dd]amm|[Uu]fer)"
        r"\s+\d{1,4}[a-z]?\b"
    ),
    # ", der das Arzneimittel abgeben kann": the verb closes the relative clause
    relative_modal=(
        r",\s*(?:der|die|das|welche[rsm]?|denen|dessen|deren)\s[^,.;:]{0,80}?"
        r"\b(?:kann|können|darf|dürfen)\b"
    ),
    necessity_modal=(
        r"\b(?:muss|müssen)\s[^,.;:]{0,80}?\b(?:werden|sein),\s*um\s[^,.;:]{0,60}?\bzu\b"
    ),
)
