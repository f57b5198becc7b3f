"""French."""

from __future__ import annotations

from types import MappingProxyType

from draftwatch.engine.languages import Language, modal_table, words

TABLE = Language(
    code="fr",
    name="français",
    stop_words=words(
        "le la les de des du un une et est en au aux dans pour par sur que qui ne pas ce cette "
        "ces sont il elle ils leur leurs son sa ses ou avec plus être été sous lorsque dont"
    ),
    modals=modal_table(
        must=(
            "doit",
            "doivent",
            "devra",
            "devront",
            "est tenu de",
            "sont tenus de",
            "est tenue de",
            "sont tenues de",
            "est obligatoire",
        ),
        should=("devrait", "devraient"),
        may=("peut", "peuvent", "pourra", "pourront"),
    ),
    # The particle "ne"/"n'" marks every negation once ("ne ... pas", "ne ... plus",
    # "n'... aucun"); "sans" and "aucun" stand alone; "non" before an adjective.
    negation=r"\bne\b|\bn['’](?=\w)|\bsans\b|\bnon\b(?!-)",
    obligation=(
        r"\b(?:doit|doivent|devra|devront|peut|peuvent|pourra|pourront|"
        r"(?:est|sont)\s+(?:tenue?s?|obligée?s?|autorisée?s?|interdite?s?|admise?s?|permise?s?)\b|"
        # a commitment: "s'engage à", "s'engagent à ne pas"
        r"s['’]engagen?t?\s+à|"
        r"(?:est|sont)\s+subordonnée?s?\s+à|ouvrent\s+droit|ouvre\s+droit|"
        r"ne\s+\w+\s+pas|n['’]\w+\s+pas|au\s+plus\s+tard|dans\s+(?:un\s+)?délai)"
    ),
    number_words=words(
        "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize "
        "vingt trente quarante cinquante soixante cent cents mille"
    ),
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    time_units=r"(?:jours?|semaines?|mois|ans|années?)",
    currencies=MappingProxyType({"euro": "EUR", "euros": "EUR", "d'euros": "EUR", "francs": "FRF"}),
    scales=MappingProxyType(
        {"mille": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9}
    ),
    repeal_words=("abrogé", "abrogée", "abrogés", "abrogées", "supprimé"),
    percent_words=("pour cent", "p. 100", "%"),
    clause_markers=(
        "Article",
        "article",
        "articles",
        "Titre",
        "titre",
        "Chapitre",
        "chapitre",
        "Section",
        "section",
        "Livre",
        "alinéa",
        "paragraphe",
    ),
    not_names=words(
        "le la les l un une des de du et ou à au aux en dans par pour sur ce cette ces il elle "
        "ils elles lorsque si toutefois ainsi cependant"
        " janvier février mars avril mai juin juillet août septembre octobre novembre décembre "
        "article titre chapitre section livre annexe abrogé"
    ),
    space_thousands=True,
    condition=(
        r"\b(?:(?:si|lorsque|à\s+(?:la\s+)?condition\s+que|sous\s+réserve|sauf|à\s+moins\s+que|"
        r"pour\s+autant\s+que|dès\s+lors\s+que|dans\s+(?:un|le)\s+délai|au\s+plus\s+tard|"
        r"par\s+dérogation|ne\s+s['’]appliquent?\s+pas|n['’]est\s+pas\s+applicable|"
        r"ne\s+sont\s+pas\s+applicables)\b|lorsqu['’]|jusqu['’]|à\s+compter\s+d)"
    ),
    qualifier=(
        r"(?:sauf|sous\s+réserve|à\s+(?:la\s+)?condition|dans\s+(?:la|les)\s+(?:mesure|limites?)|"
        r"sans\s+préjudice|nonobstant|à\s+l['’]exception|excepté|hormis|à\s+moins|"
        r"pour\s+autant|par\s+dérogation)\b"
    ),
    disclaimer=(
        r"\b(?:sans\s+(?:aucune\s+)?garantie|aucune\s+garantie|"
        r"(?:ne\s+)?(?:saurait|peut)\s+être\s+tenue?\s+(?:pour\s+)?responsable)"
    ),
    joining_words=("ou", "et"),
    dating_words=("du", "en date du"),
    street=(
        r"\b\d{1,5}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|quai|allée|"
        r"chemin|impasse|cours|route|square)\b"
    ),
    relative_modal=(
        r"\b(?:qui|lequel|laquelle|lesquels|lesquelles)\s+(?:ne\s+)?"
        r"(?:peut|peuvent|pourra|pourront|pourrait|pourraient)\b"
    ),
    necessity_modal=(
        r"\b(?:doit|doivent)\s+être\s+\w+(?:é|ée|és|ées|i|ie|is|u|ue|us)\b[^,;:.]{0,60}?"
        r"\b(?:afin\s+de|pour\s+(?:se\s+|s['’]|en\s+|y\s+)?\w+(?:er|ir|re))\b"
    ),
)
