"""Demo experiments: a dozen across the demo organisations, in every phase, with
measures and results over time; two adopted, one iterated over two rounds, one
stopped. Linked to the ideas demo's ideas in experiment where one is about the same
thing. Safe to run again: an experiment that exists (by organisation and title) is
left as it is."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from latu.accounts.models import User
from latu.experiments import actions
from latu.experiments.models import Challenge, ChecklistItem, Experiment, HistoryEntry, Measure, Phase, Result
from latu.organisations.models import Membership, Organisation, StrategyGoal, Unit

DOMAINS = {
    "hollola": "hollola.example.fi",
    "porvoo": "porvoo.example.fi",
    "paijat-hame-hva": "phhva.example.fi",
    "jokilaakson-koulutus": "jokilaakso.example.fi",
    "lahden-tilapalvelut": "tilapalvelut.example.fi",
}

CHALLENGES = [
    ("hollola", "Päiväkoti Vekkula", "Ruokaa menee roskiin joka päivä",
     "Varhaiskasvatuksen haastetyöpajassa nousi esiin, että lautasille jäävä ja ylijäävä ruoka on suurin "
     "yksittäinen hävikin lähde. Miten voisimme vähentää hävikkiä niin, että lapset syövät silti hyvin?"),
    ("paijat-hame-hva", "Kotihoito Pohjoinen", "Asiakkaat odottavat aamukäyntejä",
     "Aamun käynnit kasautuvat klo 7–9 väliin ja osa asiakkaista odottaa aamupalaa ja lääkkeitä yli tunnin. "
     "Haastetyöpajassa etsittiin keinoja porrastaa käyntejä ja suunnitella reittejä toisin."),
]

# (organisation, unit, goal index, title, hypothesis, description, idea keywords, owner login,
#  phase reached, decision, weeks ago started, measures, challenge title, notes)
# A measure: (indicator, unit, baseline, target, direction, results as (weeks ago, value)).
EXPERIMENTS = [
    {
        "org": "hollola", "unit": "Päiväkoti Vekkula", "goal": 3, "owner": "tyontekija",
        "title": "Päiväkodin ruokahävikki puoleen",
        "hypothesis": "Kun lapset annostelevat itse pienemmät annokset ja santsaavat tarvittaessa, lautashävikki "
                      "puolittuu eikä kukaan jää nälkäiseksi.",
        "description": "Kokeillaan Vekkulan kolmessa ryhmässä kahdeksan viikon ajan: lapset annostelevat itse, "
                       "ruoka tuodaan pöytiin pienemmissä astioissa ja hävikki punnitaan joka perjantai.",
        "keywords": ["hävikki"], "phase": 4, "decision": "adopt", "weeks": 14,
        "challenge": "Ruokaa menee roskiin joka päivä",
        "measures": [
            ("Ruokahävikki", "kg/vko", "42", "20", "lower",
             [(12, 40.5), (11, 37.0), (10, 33.2), (9, 29.8), (8, 26.1), (7, 23.4), (6, 21.0), (5, 19.2)]),
            ("Lasten tyytyväisyys ruokailuun", "1–5", "3.4", "4.0", "higher", [(10, 3.5), (7, 3.8), (5, 4.1)]),
        ],
        "learnings": "Hävikki puolittui kuudessa viikossa. Pienet tarjoiluastiat olivat tärkein muutos; "
                     "itse annostelu vaati alussa aikuisen tukea. Käytäntö otetaan käyttöön kaikissa ryhmissä.",
    },
    {
        "org": "hollola", "unit": "Pääkirjasto", "goal": 0, "owner": "uudistaja",
        "title": "Kirjaston omatoimiaika iltaisin",
        "hypothesis": "Jos pääkirjasto on avoinna omatoimisesti klo 20–22, iltakävijöiden määrä kasvaa ilman "
                      "lisähenkilöstöä.",
        "description": "Kulunvalvonta kirjastokortilla, kameravalvonta ja opastus ensimmäisinä iltoina.",
        "keywords": ["omatoimi", "aukiolo"], "phase": 3, "weeks": 8,
        "measures": [
            ("Iltakävijät", "kävijää/vko", "120", "200", "higher", [(6, 131), (5, 149), (4, 158), (3, 166),
                                                                   (2, 171)]),
        ],
    },
    {
        "org": "hollola", "unit": "Keskuskeittiö", "goal": 2, "owner": "uudistaja",
        "title": "Erityisruokavaliotilaukset suoraan sähköisesti",
        "hypothesis": "Kun yksiköt tilaavat erityisruokavaliot lomakkeella puhelimen sijaan, virheelliset "
                      "annokset vähenevät ja keittiön puhelinaika lyhenee.",
        "description": "Aloitusneuvottelu pidetään keittiön, kotihoidon ja päiväkotien kanssa.",
        "keywords": ["erityisruokavalio"], "phase": 2, "weeks": 3,
        "measures": [("Puhelintilaukset", "kpl/vko", "85", "10", "lower", [])],
    },
    {
        "org": "hollola", "unit": "Palvelupiste", "goal": 0, "owner": "esihenkilo",
        "title": "Palvelupisteen ajanvaraus verkossa",
        "hypothesis": "Verkkoajanvaraus lyhentää palvelupisteen jonoja, kun asiakkaat jakautuvat tasaisemmin "
                      "päivän mittaan.",
        "description": "Ajanvarauskalenteri avattiin kunnan verkkosivuille neljäksi viikoksi.",
        "keywords": ["verkkoajanvaraus", "ajanvaraus verkossa"], "phase": 3, "decision": "stop", "weeks": 10,
        "measures": [("Jonotusaika", "min", "18", "8", "lower", [(8, 17.5), (7, 19.0), (6, 18.2)])],
        "learnings": "Varauksia tehtiin vähän: suurin osa asiakkaista asioi kirjastokäynnin yhteydessä ilman "
                     "ennakkosuunnittelua. Jonot eivät lyhentyneet. Lopetetaan ja kokeillaan seuraavaksi "
                     "jonotusnumeroa tekstiviestillä.",
    },
    {
        "org": "paijat-hame-hva", "unit": "Kotihoito Pohjoinen", "goal": 0, "owner": "uudistaja",
        "title": "Kotihoidon aamukäyntien porrastus",
        "hypothesis": "Kun aamukäynnit porrastetaan asiakkaan tarpeen mukaan ja reitit suunnitellaan uudelleen, "
                      "asiakaskäyntien odotusaika lyhenee alle 20 minuuttiin.",
        "description": "Ensimmäisellä kierroksella porrastettiin käynnit kahdessa tiimissä.",
        "keywords": ["reittisuunnittelu", "aamukäyn"], "phase": 4, "decision": "iterate", "weeks": 20,
        "challenge": "Asiakkaat odottavat aamukäyntejä",
        "measures": [
            ("Asiakaskäyntien odotusaika", "min", "45", "20", "lower",
             [(18, 44.0), (16, 39.5), (14, 35.0), (12, 33.0)]),
            ("Asiakastyytyväisyys", "1–5", "3.6", "4.2", "higher", [(16, 3.7), (12, 3.9)]),
        ],
        "learnings": "Odotus lyheni 45 minuutista 33 minuuttiin, mutta tavoitteeseen ei päästy. Porrastus toimi, "
                     "reitit eivät: toisella kierroksella mukaan reittisuunnittelu ja kolmas tiimi.",
        "next_round": {
            "phase": 3, "weeks": 10,
            "results": {"Asiakaskäyntien odotusaika": [(8, 31.0), (6, 27.5), (4, 24.0), (2, 22.5)],
                        "Asiakastyytyväisyys": [(6, 4.0), (2, 4.1)]},
        },
    },
    {
        "org": "paijat-hame-hva", "unit": "Palvelukoti Koivula", "goal": 1, "owner": "esihenkilo",
        "title": "Työvuorotoiveet ja sairauspoissaolot",
        "hypothesis": "Kun jokainen voi esittää työvuorotoiveet ja vuorot suunnitellaan yhdessä, "
                      "sairauspoissaolot vähenevät.",
        "description": "Työvuorosuunnittelu tehdään kolmen viikon jaksoissa yhteisessä palaverissa.",
        "keywords": ["työvuoro", "vuorotoive"], "phase": 4, "decision": "adopt", "weeks": 26,
        "measures": [
            ("Sairauspoissaolot", "%", "7.8", "5.5", "lower",
             [(22, 7.5), (18, 6.9), (14, 6.2), (10, 5.8), (6, 5.4)]),
        ],
        "learnings": "Poissaolot laskivat 7,8 prosentista 5,4 prosenttiin. Yhteinen suunnittelu vie aikaa, mutta "
                     "vähentää vuorojen vaihtoja. Otetaan käyttöön kaikissa ympärivuorokautisen hoidon yksiköissä.",
    },
    {
        "org": "paijat-hame-hva", "unit": "Terveysasema Keskusta", "goal": 0, "owner": "tyontekija",
        "title": "Takaisinsoitto samana päivänä",
        "hypothesis": "Jos takaisinsoittopyynnöt jaetaan hoitajille aamupalaverissa, jokaiselle soitetaan "
                      "takaisin saman päivän aikana.",
        "description": "Kokeillaan kuusi viikkoa. Seurataan takaisinsoiton odotusta tunteina.",
        "keywords": ["takaisinsoit"], "phase": 4, "weeks": 9,
        "measures": [("Takaisinsoiton odotusaika", "h", "26", "8", "lower",
                      [(7, 22.0), (6, 15.5), (5, 11.0), (4, 9.2), (3, 8.4)])],
    },
    {
        "org": "paijat-hame-hva", "unit": "Perhekeskus", "goal": 0, "owner": "uudistaja",
        "title": "Perhekeskuksen chat-neuvonta iltaisin",
        "hypothesis": "Iltachat tavoittaa vanhemmat, jotka eivät ehdi soittaa virka-aikana.",
        "description": "Kerätään ensin vanhempien ja työntekijöiden näkemykset tarpeesta.",
        "keywords": ["iltachat", "perhekeskuksen chat"], "phase": 1, "weeks": 1,
        "measures": [("Yhteydenotot iltaisin", "kpl/vko", "0", "40", "higher", [])],
    },
    {
        "org": "jokilaakson-koulutus", "unit": "Opinto-ohjaus", "goal": 0, "owner": "uudistaja",
        "title": "Opinto-ohjauksen walk-in-tunnit",
        "hypothesis": "Kun opinto-ohjaajan tapaa ilman ajanvarausta kahtena päivänä viikossa, ohjausjono "
                      "lyhenee ja opiskelijat saavat apua ennen kuin ongelmat kasautuvat.",
        "description": "Walk-in-tunnit tiistaisin ja torstaisin klo 12–14 kirjaston vieressä.",
        "keywords": ["walk-in", "opinto-ohjau"], "phase": 3, "weeks": 6,
        "measures": [("Ohjausjonon pituus", "opiskelijaa", "34", "10", "lower", [(4, 30), (3, 24), (1, 19)])],
    },
    {
        "org": "jokilaakson-koulutus", "unit": "Sosiaali- ja terveysala", "goal": 1, "owner": "esihenkilo",
        "title": "Keskeyttämisuhan varhainen tunnistus",
        "hypothesis": "Jos poissaoloista nousee automaattinen muistutus ryhmänohjaajalle, keskeyttämiset "
                      "vähenevät.",
        "description": "Tavoitteet ja mittarit sovitaan aloitusneuvottelussa opiskelijakunnan kanssa.",
        "keywords": ["keskeyt"], "phase": 2, "weeks": 2,
        "measures": [("Keskeyttämiset", "%", "9.5", "6", "lower", [])],
    },
    {
        "org": "lahden-tilapalvelut", "unit": "Huoltopyynnöt", "goal": 0, "owner": "uudistaja",
        "title": "Huoltopyyntöjen kuittaus tekstiviestillä",
        "hypothesis": "Kun huoltopyynnön tekijä saa tekstiviestin pyynnön vastaanotosta ja korjauksesta, "
                      "uusintasoitot vähenevät ja käsittely nopeutuu.",
        "description": "Tekstiviestit lähtevät huoltojärjestelmästä. Kokeilussa mukana kaksi huoltotiimiä.",
        "keywords": ["huoltopyyn"], "phase": 4, "weeks": 12,
        "measures": [("Huoltopyyntöjen käsittelyaika", "vrk", "4.2", "2", "lower",
                      [(10, 3.9), (8, 3.1), (6, 2.6), (4, 2.3)])],
    },
    {
        "org": "porvoo", "unit": "Päiväkoti Mäntylä", "goal": 0, "owner": "tyontekija",
        "title": "Flerspråkig välkomstmapp i småbarnspedagogiken",
        "hypothesis": "Om nya familjer får en välkomstmapp på sitt eget språk blir inskolningen lugnare och "
                      "föräldrarna nöjdare.",
        "description": "Mappen finns på svenska, finska, engelska, arabiska och ukrainska. Den delas ut vid "
                       "det första mötet.",
        "keywords": ["välkomst", "tervetulo"], "phase": 3, "weeks": 7,
        "measures": [("Föräldrarnas nöjdhet", "1–5", "3.7", "4.3", "higher", [(5, 3.9), (2, 4.0)])],
    },
]

PHASE_NOTES = {
    1: "Kuulimme asiakkaita ja työntekijöitä, kävimme läpi nykytilan luvut ja etsimme Tekojen torilta "
       "vastaavia kokeiluja.",
    2: "Aloitusneuvottelussa sovittiin tavoitteet, mittarit ja aikataulu. Esihenkilö antoi luvan kokeilla.",
    3: "Kokeilu käynnissä. Tulokset kirjataan viikoittain ja niistä puhutaan tiimipalaverissa.",
}


def _person(login: str, domain: str) -> User | None:
    return User.objects.filter(email=f"{login}@{domain}").first()


def _team(org: Organisation, unit: Unit | None, owner: User, rng: random.Random) -> list[User]:
    people = list(
        User.objects.filter(memberships__organisation=org, email__startswith="henkilo").exclude(pk=owner.pk)
        .distinct().order_by("email")
    )
    same_unit = [p for p in people if unit is not None and p.memberships.filter(unit=unit).exists()]
    pool = same_unit or people
    return rng.sample(pool, min(len(pool), rng.randint(2, 3)))


def _idea_for(org: Organisation, keywords: list[str]):
    """A demo idea in experiment about the same thing (a keyword in its title), not yet
    linked to an experiment."""
    from latu.ideas.models import Idea

    condition = Q()
    for word in keywords:
        condition |= Q(title__icontains=word)
    return (
        Idea.objects.filter(organisation=org, status=Idea.Status.IN_EXPERIMENT, experiments__isnull=True)
        .filter(condition).order_by("pk").first()
    )


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _backdate(experiment: Experiment, start: date, end: date) -> None:
    """Spread the experiment's history from its start to ``end``."""
    entries = list(HistoryEntry.objects.filter(experiment=experiment).order_by("pk"))
    span = max((end - start).days, 1)
    times = {}
    for i, entry in enumerate(entries):
        when = _at(start + timedelta(days=span * i // max(len(entries) - 1, 1)), 9 + i % 8)
        HistoryEntry.objects.filter(pk=entry.pk).update(at=when)
        times[entry.pk] = when
        if entry.kind == HistoryEntry.Kind.PHASE and entry.to_phase > (entry.from_phase or 0):
            Phase.objects.filter(experiment=experiment, number=entry.from_phase).update(completed_at=when)
            Phase.objects.filter(experiment=experiment, number=entry.to_phase).update(started_at=when)
    Phase.objects.filter(experiment=experiment, number=1).update(started_at=_at(start, 9))
    Experiment.objects.filter(pk=experiment.pk).update(created_at=_at(start, 9))
    if experiment.decided_at:
        Experiment.objects.filter(pk=experiment.pk).update(decided_at=_at(end, 15), ends=end)


def _walk(experiment: Experiment, actor: User, phase: int, rng: random.Random) -> Experiment:
    for number in range(2, phase + 1):
        for item in ChecklistItem.objects.filter(experiment=experiment, phase=number - 1):
            if rng.random() < 0.9:
                actions.set_checklist_item(item, actor=actor, done=True)
        notes = PHASE_NOTES.get(number - 1)
        if notes:
            actions.update_phase_notes(Phase.objects.get(experiment=experiment, number=number - 1), actor=actor,
                                       notes=notes)
        experiment = actions.move_phase(experiment, actor=actor, to_phase=number, from_phase=number - 1)
    for item in ChecklistItem.objects.filter(experiment=experiment, phase=phase)[:2]:
        actions.set_checklist_item(item, actor=actor, done=True)
    return experiment


def _results(measure: Measure, series, today: date, actor: User) -> None:
    Result.objects.bulk_create(
        [Result(measure=measure, date=today - timedelta(weeks=weeks), value=Decimal(str(value)), recorded_by=actor)
         for weeks, value in series]
    )


def load(stdout) -> None:
    rng = random.Random(3)
    today = timezone.localdate()
    created = 0
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=DOMAINS)}
    challenges = {}
    for slug, unit_name, title, description in CHALLENGES:
        org = orgs.get(slug)
        if org is None:
            continue
        challenge = Challenge.objects.filter(organisation=org, title=title).first()
        if challenge is None:
            innovator = _person("uudistaja", DOMAINS[slug])
            challenge = actions.create_challenge(
                actor=innovator, organisation=org,
                data={"title": title, "description": description,
                      "unit": Unit.objects.filter(organisation=org, name_fi=unit_name).first()},
            )
        challenges[title] = challenge
    for spec in EXPERIMENTS:
        org = orgs.get(spec["org"])
        if org is None or Experiment.objects.filter(organisation=org, title=spec["title"]).exists():
            continue
        domain = DOMAINS[spec["org"]]
        owner = _person(spec["owner"], domain)
        decider = _person("uudistaja", domain) or owner
        if owner is None or not Membership.objects.filter(user=owner, organisation=org).exists():
            continue
        unit = Unit.objects.filter(organisation=org, name_fi=spec["unit"]).first()
        goals = list(StrategyGoal.objects.filter(organisation=org).order_by("order", "pk"))
        goal = goals[spec["goal"]] if spec["goal"] < len(goals) else None
        start = today - timedelta(weeks=spec["weeks"])
        idea = _idea_for(org, spec["keywords"])
        experiment = actions.create_experiment(
            actor=owner, organisation=org, idea=idea, challenge=challenges.get(spec.get("challenge", "")),
            team=_team(org, unit, owner, rng),
            data={"title": spec["title"], "hypothesis": spec["hypothesis"], "description": spec["description"],
                  "unit": unit, "strategy_goal": goal, "owner": owner, "starts": start,
                  "ends": start + timedelta(weeks=spec["weeks"] + 4)},
        )
        for indicator, unit_label, baseline, target, direction, series in spec["measures"]:
            measure = actions.create_measure(experiment, actor=owner, data={
                "indicator": indicator, "unit": unit_label, "baseline": Decimal(baseline),
                "target": Decimal(target), "direction": direction})
            _results(measure, series, today, owner)
        experiment = _walk(experiment, owner, spec["phase"], rng)
        end = today
        decision = spec.get("decision")
        if decision:
            last = min((weeks for *_m, series in spec["measures"] for weeks, _v in series), default=1)
            end = today - timedelta(weeks=max(last - 1, 0), days=2)
            new_round = actions.decide(experiment, actor=decider, decision=decision, learnings=spec["learnings"])
            experiment.refresh_from_db()
        _backdate(experiment, start, end)
        created += 1
        follow = spec.get("next_round")
        if decision == "iterate" and follow:
            second_start = end + timedelta(days=3)
            Experiment.objects.filter(pk=new_round.pk).update(starts=second_start)
            new_round.refresh_from_db()
            for measure in new_round.measures.all():
                _results(measure, follow["results"].get(measure.indicator, []), today, owner)
            new_round = _walk(new_round, owner, follow["phase"], rng)
            _backdate(new_round, second_start, today)
            created += 1
    stdout.write(f"Experiments: {created} new, {Experiment.objects.count()} in all")
