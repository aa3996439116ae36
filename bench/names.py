"""Synthetic names and places for the generated data (all made up, except the municipalities)."""

# The 98 Danish municipalities (kommunekode, navn). The first is the large municipality whose
# participant list is timed; Ishøj and Vallensbæk follow because they share a centre.
MUNICIPALITIES = [
    ("751", "Aarhus"),
    ("183", "Ishøj"),
    ("187", "Vallensbæk"),
    ("101", "København"),
    ("147", "Frederiksberg"),
    ("151", "Ballerup"),
    ("153", "Brøndby"),
    ("155", "Dragør"),
    ("157", "Gentofte"),
    ("159", "Gladsaxe"),
    ("161", "Glostrup"),
    ("163", "Herlev"),
    ("165", "Albertslund"),
    ("167", "Hvidovre"),
    ("169", "Høje-Taastrup"),
    ("173", "Lyngby-Taarbæk"),
    ("175", "Rødovre"),
    ("185", "Tårnby"),
    ("190", "Furesø"),
    ("201", "Allerød"),
    ("210", "Fredensborg"),
    ("217", "Helsingør"),
    ("219", "Hillerød"),
    ("223", "Hørsholm"),
    ("230", "Rudersdal"),
    ("240", "Egedal"),
    ("250", "Frederikssund"),
    ("253", "Greve"),
    ("259", "Køge"),
    ("260", "Halsnæs"),
    ("265", "Roskilde"),
    ("269", "Solrød"),
    ("270", "Gribskov"),
    ("306", "Odsherred"),
    ("316", "Holbæk"),
    ("320", "Faxe"),
    ("326", "Kalundborg"),
    ("329", "Ringsted"),
    ("330", "Slagelse"),
    ("336", "Stevns"),
    ("340", "Sorø"),
    ("350", "Lejre"),
    ("360", "Lolland"),
    ("370", "Næstved"),
    ("376", "Guldborgsund"),
    ("390", "Vordingborg"),
    ("400", "Bornholm"),
    ("410", "Middelfart"),
    ("420", "Assens"),
    ("430", "Faaborg-Midtfyn"),
    ("440", "Kerteminde"),
    ("450", "Nyborg"),
    ("461", "Odense"),
    ("479", "Svendborg"),
    ("480", "Nordfyns"),
    ("482", "Langeland"),
    ("492", "Ærø"),
    ("510", "Haderslev"),
    ("530", "Billund"),
    ("540", "Sønderborg"),
    ("550", "Tønder"),
    ("561", "Esbjerg"),
    ("563", "Fanø"),
    ("573", "Varde"),
    ("575", "Vejen"),
    ("580", "Aabenraa"),
    ("607", "Fredericia"),
    ("615", "Horsens"),
    ("621", "Kolding"),
    ("630", "Vejle"),
    ("657", "Herning"),
    ("661", "Holstebro"),
    ("665", "Lemvig"),
    ("671", "Struer"),
    ("706", "Syddjurs"),
    ("707", "Norddjurs"),
    ("710", "Favrskov"),
    ("727", "Odder"),
    ("730", "Randers"),
    ("740", "Silkeborg"),
    ("741", "Samsø"),
    ("746", "Skanderborg"),
    ("756", "Ikast-Brande"),
    ("760", "Ringkøbing-Skjern"),
    ("766", "Hedensted"),
    ("773", "Morsø"),
    ("779", "Skive"),
    ("787", "Thisted"),
    ("791", "Viborg"),
    ("810", "Brønderslev"),
    ("813", "Frederikshavn"),
    ("820", "Vesthimmerlands"),
    ("825", "Læsø"),
    ("840", "Rebild"),
    ("846", "Mariagerfjord"),
    ("849", "Jammerbugt"),
    ("851", "Aalborg"),
    ("860", "Hjørring"),
]

FIRST_GIRL = (
    "Alma Ida Freja Clara Ella Agnes Karla Olivia Emma Sofia Anna Ellen Lily Luna Josefine "
    "Nora Mathilde Esther Asta Vigga Laura Marie Frida Sara Aya Maja Liva Emilie Isabella Hannah"
).split()
FIRST_BOY = (
    "Noah Oscar William Carl Alfred Valdemar Emil Aksel Arthur Lucas Malthe Oliver Elias Viggo "
    "August Felix Magnus Hugo Theo Storm Villads Johan Anton Otto Ali Adam Mikkel Frederik Liam Bertram"
).split()
FIRST_ADULT = (
    "Mette Anne Louise Camilla Maria Sara Line Julie Pernille Susanne Helle Tina Nadia Fatima "
    "Rikke Jesper Thomas Martin Lars Peter Michael Anders Jens Søren Henrik Mads Rasmus Kasper "
    "Ahmed Mohammed Jakob Christian Brian Kim Dorthe Lene Hanne Bente Mikkel Kristian"
).split()
LAST = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
    "Karlsen Jakobsen Lund Holm Schmidt Frederiksen Henriksen Laursen Vestergaard Iversen Dahl "
    "Mikkelsen Østergaard Kjær Bech Friis Krogh Dam Mose Vinther Storm Nørgaard Yilmaz Hussein "
    "Ali Nguyen Kowalski Berg Bak Lauridsen Svendsen Winther Brandt Juhl Skov Bruun Koch"
).split()
STREETS = (
    "Skolevej Kirkevej Stationsvej Møllevej Søndergade Nørregade Vestergade Østergade Engvej "
    "Birkevej Egevej Bøgevej Lindevej Rosenvænget Strandvejen Parkvej Skovvej Bakkevej"
).split()
PROFESSIONS = {
    "coordinator": ["Familiekoordinator (socialrådgiver)", "Familiekoordinator (pædagog)"],
    "core_team": [
        "Psykolog",
        "Tale-/hørekonsulent",
        "Specialpædagogisk konsulent",
        "Sundhedsplejerske",
        "Fysioterapeut",
    ],
    "partner": [
        "Sagsbehandler, jobcenter",
        "Sagsbehandler, hjælpemidler",
        "Sagsbehandler, voksenområdet",
        "Dagtilbudsleder",
        "Skoleleder",
    ],
    "leader": ["Leder, Børn og Familie"],
    "project_leader": ["Projektleder"],
    "sysadmin": ["Systemadministrator"],
    "dpo": ["Databeskyttelsesrådgiver"],
}
DEPARTMENTS = [
    ("Børn og Familie", "children"),
    ("Jobcenter", "employment"),
    ("Socialområdet", "social"),
    ("Dagtilbud og skole", "daycare_school"),
]

assert len(MUNICIPALITIES) == 98
assert len({code for code, _ in MUNICIPALITIES}) == 98
