"""Word lists for synthetic Dutch-looking data. Invented combinations; no real residents."""

from __future__ import annotations

FIRST_NAMES = (
    "Anouk", "Bram", "Cor", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Jesse",
    "Kees", "Lotte", "Mila", "Noah", "Olga", "Pieter", "Quinten", "Roos", "Sem", "Tess",
    "Umut", "Vera", "Wouter", "Yara", "Zeynep", "Ahmed", "Fatima", "Mohamed", "Sara", "Lucas",
    "Emma", "Julia", "Finn", "Levi", "Nora", "Bilal", "Ayoub", "Iris", "Joris", "Maud",
)  # fmt: skip
LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "van Dijk", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker",
    "van Leeuwen", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "Yilmaz", "El Idrissi", "Kaya", "Nowak",
    "Pinas", "Martina", "Postma", "Kuipers", "Veenstra", "Kramer", "van Wijk", "Prins",
)  # fmt: skip
STREETS = (
    "Lindelaan", "Kastanjestraat", "Molenweg", "Havenkade", "Schoolstraat", "Kerkplein",
    "Sluisweg", "Tulpstraat", "Beukenhof", "Dorpsstraat", "Vaartkade", "Bloemgracht",
    "Esdoornlaan", "Zonnebloemstraat", "Parkweg", "Stationsstraat",
)  # fmt: skip
AREA_NAMES = (
    "Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Molenwijk", "Parkzicht",
    "Vogelbuurt", "Rivierenwijk", "Bloemenwijk", "Dijkzicht",
)  # fmt: skip
HOME_ORGANISATIONS = (
    ("Welzijn Benchstad", "welzijn"),
    ("Maatschappelijk Werk Benchstad", "maatschappelijk werk"),
    ("Wijkzorg Benchstad", "wijkverpleging"),
    ("Gemeente Benchstad", "gemeente"),
)
LANGUAGES = ("Nederlands", "Arabisch", "Turks", "Pools", "Tigrinya", "Engels")
INVOLVEMENT_ROLES = (
    "schuldhulpverlener",
    "maatschappelijk werker",
    "wijkverpleegkundige",
    "jeugdconsulent",
    "Wmo-consulent",
)
QUESTIONS = (
    "Rekeningen stapelen zich op en de post blijft ongeopend.",
    "Moeder kan de zorg voor haar zoon niet meer aan.",
    "Na de scheiding dreigt de woning verloren te gaan.",
    "Vader zit sinds maanden thuis en komt de deur niet uit.",
    "De buren maken zich zorgen over vervuiling in huis.",
)
PROBLEMS = (
    "Betalingsachterstanden bij huur en energie.",
    "Weinig contacten buiten het gezin.",
    "Geen dagbesteding sinds het verlies van werk.",
    "Spanningen tussen ouders over de opvoeding.",
    "Moeite met het huishouden door lichamelijke klachten.",
    "Onrustige nachten en somberheid.",
)
GOALS = (
    "Vaste lasten worden op tijd betaald.",
    "Het gezin heeft twee mensen om op terug te vallen.",
    "Drie dagdelen per week een zinvolle bezigheid.",
    "Ouders maken samen afspraken over de kinderen.",
    "Het huis is schoon en veilig.",
)
RESULTS = (
    "Een budgetplan dat elke maand klopt.",
    "Een betalingsregeling met de verhuurder.",
    "Een vast moment per week met de buurvrouw.",
    "Aanmelding bij de vrijwilligerscentrale is rond.",
    "Een weekrooster hangt op de koelkast.",
)
SOLUTIONS = (
    "Zelf de post openen met een vaste dag per week.",
    "Zus helpt met de administratie.",
    "Inloopspreekuur geldzaken in het buurthuis.",
    "Schuldhulpverlening via de gemeente.",
    "Maatjesproject van de welzijnsorganisatie.",
    "Huishoudelijke hulp uit de Wmo.",
)
ACTIONS = (
    "Afspraak maken met de verhuurder",
    "Formulier bijzondere bijstand invullen",
    "Samen naar het inloopspreekuur",
    "Bellen met de huisarts",
    "Overzicht van schulden maken",
    "Kennismaken met het maatje",
)
NOTES = (
    "Huisbezoek gehad; de sfeer was open en er zijn afspraken gemaakt.",
    "Telefonisch contact; de afspraak van volgende week staat.",
    "Samen de post doorgenomen en drie brieven beantwoord.",
    "Overleg met de schuldhulpverlener over de aanvraag.",
    "Niet thuis getroffen; een briefje achtergelaten.",
    "Gesprek over hoe het gaat met de kinderen op school.",
)
CLOSING_REASONS = (
    "De vraag is beantwoord en het gezin redt zich weer.",
    "Overgedragen aan specialistische zorg.",
    "Het gezin is verhuisd naar een andere gemeente.",
)
