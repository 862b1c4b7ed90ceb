"""One police force area: its councils, police, PCC and panel, probation, health, boards
and community safety partnerships (the money and services are in services)."""
from __future__ import annotations

from .reference import DUTIES, METRO, REGIONS, SUBGROUPS, THEMES, VERBS, YEARS
from .services import Services
from .text import Doc, fy, lit, part_for
from .writer import Body


class AreaBuilder(Services):
    """Everything about one police force area, written into one Doc."""

    def build(self) -> Doc:
        f = self.force
        self.area = self.org(self.ident("area", "force"), f, "gov:Area", "2011",
                             f"This paper describes the partnerships of the {f} police force area.",
                             alts=[f"{f} Force Area"],
                             extra=[("gov:onsCode", lit(self.code("E23"))), ("gov:withinArea", f"nat:region-{self.region}")])
        self.local_government()
        self.criminal_justice()
        self.partnerships()
        self.safeguarding_and_youth()
        self.mappa()
        self.strategies()
        self.funding()
        self.restricted_items()
        return self.doc

    def local_government(self):
        rng, f = self.rng, self.force
        if self.region == "wales":
            layout = [("unitary", rng.randint(3, 5))]
        elif f in METRO:
            layout = [("metropolitan", rng.randint(4, 7))]
        elif self.region == "ldn":
            layout = [("london", 1 if f == "City of London" else rng.randint(8, 12))]
        else:
            layout = [("county", rng.randint(4, 7)) for _ in range(rng.choice([1, 1, 2]))]
            layout += [("unitary", 1) for _ in range(rng.randint(0, 2))]
        for shape, count in layout:
            if shape == "county":
                name = self.names.place() + "shire"
                county = self.council(name, f"{name} County Council", "E10", upper=True, alts=[f"{name} CC"])
                for _ in range(count):
                    place = self.names.place()
                    kind = rng.choice(["District Council", "Borough Council"])
                    self.council(place, f"{place} {kind}", "E07", within=county.area, upper=False, county=county)
            else:
                for _ in range(count):
                    place = self.names.place()
                    label = {"unitary": rng.choice(["County Borough Council", "Council", "City Council"]),
                             "metropolitan": "Metropolitan Borough Council",
                             "london": "London Borough Council"}[shape]
                    if self.region == "wales" and label == "Council":
                        label = "County Council"
                    self.council(place, f"{place} {label}", "W06" if self.region == "wales" else "E06", upper=True)

    def council(self, place: str, label: str, code: str, *, upper: bool, within=None, county=None, alts=()):
        area = self.org(self.ident("area", place), place, "gov:Area", "2011",
                        f"{place} is a local government area in the {self.force} police force area.",
                        extra=[("gov:onsCode", lit(self.code(code))), ("gov:withinArea", within or self.area)])
        iri = self.org(self.ident(label), label, "gov:Authority", "2011",
                       f"{label} is the local authority for {place}.", alts=alts, area=area,
                       more_evidence=[("2019", f"{label} remains the local authority for {place}.")])
        body = Body(iri, label, "upper" if upper else "council", area)
        body.place, body.county = place, county
        self.councils.append(body)
        if upper:
            self.uppers.append(body)
        return body

    def criminal_justice(self):
        f, rng = self.force, self.rng
        constabulary = "Police" if rng.random() < 0.7 else "Constabulary"
        self.police = self.org(self.ident("police"), f"{f} {constabulary}", "gov:Authority", "2011",
                               f"{f} {constabulary} is the police force for the area.", alts=[f"{f} Police Force"],
                               area=self.area, more_evidence=[("2019", f"The Chief Constable leads {f} {constabulary}.")])
        self.person(self.ident("post", "chief-constable"), f"Chief Constable of {f} {constabulary}", self.police, "2011")
        self.fire = self.org(self.ident("fire"), f"{f} Fire and Rescue Service", "gov:Authority", "2011",
                             f"{f} Fire and Rescue Service covers the whole force area.", alts=[f"{f} FRS"], area=self.area)
        self.police_authority = self.org(self.ident("police-authority"), f"{f} Police Authority", "gov:Authority", "2011",
                                         f"{f} Police Authority oversees policing until November 2012.",
                                         area=self.area, end="2012-11-21")
        self.pcc = self.org(self.ident("pcc"), f"Police and Crime Commissioner for {f}", "gov:Office", "2012",
                            f"A Police and Crime Commissioner for {f} will be elected in November 2012.",
                            alts=[f"{f} PCC"], area=self.area, start="2012-11-22",
                            more_evidence=[("2019", f"The Police and Crime Commissioner for {f} sets the police and crime plan.")])
        self.opcc = self.org(self.ident("opcc"), f"Office of the Police and Crime Commissioner for {f}", "gov:Office", "2012",
                             f"The Office of the Police and Crime Commissioner for {f} (OPCC) supports the Commissioner.",
                             alts=[f"{f} OPCC"], area=self.area, start="2012-11-22")
        self.event(self.ident("event", "pcc-2012"), f"The Police and Crime Commissioner for {f} replaces the Police Authority",
                   "gov:Replacement", "2012-11-22",
                   f"On 22 November 2012 the Police and Crime Commissioner for {f} replaced {f} Police Authority.",
                   original=[self.police_authority], resulting=[self.pcc])
        for term, (start, end) in enumerate([("2012-11-22", "2016-05-11"), ("2016-05-12", None)], 1):
            name = self.names.person()
            person = self.ident("person", name)
            self.doc.thing(person, "foaf:Person", [("foaf:name", lit(name)), ("skos:prefLabel", lit(name) + "@en")],
                           [self.doc.say(part_for(start), f"{name} was elected Police and Crime Commissioner for {f}.")])
            self.member(person, self.pcc, "gov:OfficeHolder", part_for(start),
                        f"{name} was elected Police and Crime Commissioner for {f}.", start=start, end=end)
        self.panel = self.org(self.ident("police-and-crime-panel"), f"{f} Police and Crime Panel", "gov:StatutoryCommittee",
                              "2012", f"The {f} Police and Crime Panel, a joint committee of the councils, scrutinises the Commissioner.",
                              alts=[f"{f} PCP"], area=self.area, start="2012-11-22")
        self.line(self.pcc, self.panel, "gov:Accountable", "2012",
                  f"The {f} Police and Crime Panel, a joint committee of the councils, scrutinises the Commissioner.",
                  start="2012-11-22")
        for council in self.councils:
            self.member(council.iri, self.panel, "gov:Member", "2012",
                        f"{council.label} appoints a councillor to the {f} Police and Crime Panel.", start="2012-11-22")
        probation = f"{f} Probation Trust"
        self.probation_trust = self.org(self.ident("probation-trust"), probation, "gov:Authority", "2011",
                                        f"{probation} supervises offenders in the community.", area=self.area, end="2014-05-31")
        crc = f"{REGIONS[self.region][0]} Community Rehabilitation Company ({f})"
        self.crc = self.org(self.ident("crc"), crc, "gov:Company", "2014",
                            f"From June 2014 the {crc} supervises low and medium risk offenders.",
                            alts=[f"{f} CRC"], area=self.area, start="2014-06-01")
        self.event(self.ident("event", "probation-2014"), f"{probation} replaced by the {crc} and the National Probation Service",
                   "gov:Replacement", "2014-06-01",
                   f"On 1 June 2014 {probation} was replaced by the {crc} and the National Probation Service.",
                   original=[self.probation_trust], resulting=[self.crc, "nat:national-probation-service"])
        self.pct = self.org(self.ident("pct-cluster"), f"{f} PCT Cluster", "gov:Authority", "2011",
                            f"The {f} PCT Cluster (primary care trusts) commissions health services until March 2013.",
                            area=self.area, end="2013-03-31")
        self.ccgs = []
        for upper in self.uppers:
            ccg = self.org(self.ident(upper.place, "ccg"), f"{upper.place} Clinical Commissioning Group", "gov:Authority", "2014",
                           f"From April 2013 {upper.place} Clinical Commissioning Group commissions health services.",
                           alts=[f"{upper.place} CCG"], area=upper.area, start="2013-04-01")
            upper.ccg = ccg
            self.ccgs.append(ccg)
        self.event(self.ident("event", "health-2013"), f"{f} PCT Cluster replaced by the clinical commissioning groups",
                   "gov:Replacement", "2013-04-01",
                   f"On 1 April 2013 the {f} PCT Cluster was replaced by the clinical commissioning groups.",
                   original=[self.pct], resulting=self.ccgs)
        # the statutory duties, by kind of holder
        holders = {"police": [self.police], "fire": [self.fire], "pcc": [self.pcc],
                   "probation": [self.probation_trust, self.crc], "health": [self.pct] + self.ccgs,
                   "council": [c.iri for c in self.councils], "upper": [c.iri for c in self.uppers]}
        for ident, label, _, _, kinds in DUTIES:
            for kind in sorted(kinds):
                for holder in holders[kind]:
                    who = self.label_of(holder)
                    sentence = f"Under the law {who} holds the {label.split(' (')[0].lower()}."
                    self.doc.thing(self.ident("duty", holder[2:], ident), "gov:DutyAssignment",
                                   [("gov:holder", holder), ("gov:duty", f"nat:{ident}")],
                                   [self.doc.say("2011" if holder not in (self.pcc, self.crc) and holder not in self.ccgs else "2014", sentence)])

    def partnerships(self):
        rng, f = self.rng, self.force
        self.spb = self.org(self.ident("strategic-partnership-board"), f"{f} Strategic Partnership Board", "gov:Board", "2012",
                            f"The {f} Strategic Partnership Board brings partners together across the force area from September 2012.",
                            alts=[f"{f} SPB"], area=self.area, start="2012-09-01",
                            more_evidence=[("2019", f"The {f} Strategic Partnership Board continues to meet quarterly.")])
        self.lcjb = self.org(self.ident("local-criminal-justice-board"), f"{f} Local Criminal Justice Board", "gov:Board", "2011",
                             f"The {f} Local Criminal Justice Board (LCJB) co-ordinates the criminal justice agencies.",
                             alts=[f"{f} LCJB"], area=self.area, end="2012-08-31")
        cspb = self.org(self.ident("community-safety-programme-board"), f"{f} Community Safety Programme Board", "gov:Board", "2011",
                        f"The {f} Community Safety Programme Board co-ordinates community safety across the force area.",
                        alts=[f"{f} CSPB"], area=self.area, end="2012-08-31")
        self.event(self.ident("event", "spb-2012"), f"{f} CSPB and LCJB merge into the Strategic Partnership Board",
                   "gov:Merger", "2012-09-01",
                   f"From September 2012 the Community Safety Programme Board and the Local Criminal Justice Board merge into the {f} Strategic Partnership Board.",
                   original=[cspb, self.lcjb], resulting=[self.spb])
        self.line(self.spb, self.pcc, "gov:Accountable", "2012",
                  f"The {f} Strategic Partnership Board is accountable to the Police and Crime Commissioner.", start="2012-11-22")
        self.line(cspb, self.police_authority, "gov:Reports", "2011",
                  f"The Community Safety Programme Board reports to {f} Police Authority.")
        chair, chair_post = self.person(self.ident("post", "chair-spb"), f"Chair of the {f} Strategic Partnership Board", self.spb, "2012")
        self.member(chair_post, self.spb, "gov:Chair", "2012",
                    f"The {f} Strategic Partnership Board is chaired by its Chair, {self.names_of(chair)}.", start="2012-09-01")
        for sub in rng.sample(["Reducing Reoffending Board", "Domestic Abuse Strategic Group", "Serious Violence Group",
                               "Anti-Social Behaviour Strategy Group", "Substance Misuse Group", "Victims and Witnesses Group"],
                              rng.randint(3, 5)):
            label = f"{f} {sub}"
            group = self.org(self.ident(sub), label, "gov:Board", "2012",
                             f"The {label} is a sub-group of the Strategic Partnership Board.", area=self.area)
            self.line(group, self.spb, "gov:SubgroupOf", "2012", f"The {label} is a sub-group of the Strategic Partnership Board.",
                      start="2012-09-01")
            for agency in rng.sample([self.police, self.fire, self.crc, self.opcc] + [c.iri for c in self.uppers], 3):
                self.member(agency, group, "gov:Member", "2017", f"Partners on the {label} include {self.label_of(agency)}.")
        for agency in [self.police, self.fire, self.opcc, self.probation_trust] + [c.iri for c in self.uppers]:
            self.member(agency, self.spb, "gov:StatutoryMember", "2012",
                        f"{self.label_of(agency)} sits on the {f} Strategic Partnership Board.", start="2012-09-01")
        self.meetings(self.spb, f"{f} Strategic Partnership Board",
                      [self.police, self.fire, self.opcc, self.pcc, self.crc] + [c.iri for c in self.uppers], range(2014, 2020), 5)
        self.meetings(self.panel, f"{f} Police and Crime Panel", [self.pcc, self.opcc] + [c.iri for c in self.councils],
                      range(2014, 2020), 5)
        # county boards and their CSPs; unitary councils' CSPs report to the SPB
        for upper in self.uppers:
            if not any(getattr(c, "county", None) is upper for c in self.councils):
                continue
            board = self.org(self.ident(upper.place, "safer-communities-board"), f"{upper.place} Safer Communities Board", "gov:Board",
                             "2011", f"The {upper.place} Safer Communities Board (SCB) leads community safety in the county.",
                             alts=[f"{upper.place} SCB"], area=upper.area,
                             more_evidence=[("2019", f"The {upper.place} Safer Communities Board continues to meet.")])
            upper.board = board
            self.line(board, self.spb, "gov:Reports", "2012",
                      f"The {upper.place} Safer Communities Board reports to the Strategic Partnership Board.", start="2012-09-01")
            self.member(upper.iri, board, "gov:LeadAgency", "2011", f"{upper.label} leads the {upper.place} Safer Communities Board.")
            districts = [c for c in self.councils if getattr(c, "county", None) is upper]
            self.meetings(board, f"{upper.place} Safer Communities Board",
                          [upper.iri, self.police, self.fire, self.opcc] + [d.iri for d in districts], range(2014, 2020), 5)
            category = self.org(self.ident(upper.place, "community-safety-partnerships"),
                                f"{upper.place} Community Safety Partnerships", "gov:AgencyCategory", "2011",
                                f"Each district in {upper.place} has a Community Safety Partnership (CSP).",
                                alts=[f"{upper.place} CSPs"], area=upper.area)
            self.line(category, board, "gov:Accountable", "2011",
                      f"Community Safety Partnerships in {upper.place} are responsible to the Board for delivery of the Agreement.")
            districts = [c for c in self.councils if getattr(c, "county", None) is upper]
            dcat = self.org(self.ident(upper.place, "district-councils"), f"{upper.place} District Councils", "gov:AgencyCategory",
                            "2011", f"The district councils of {upper.place} are responsible authorities.", area=upper.area)
            self.doc.thing(self.ident("duty", upper.place, "district-councils", "cda-s17"), "gov:DutyAssignment",
                           [("gov:holder", dcat), ("gov:duty", "nat:duty-cda-s17")],
                           [self.doc.say("2011", f"The district councils of {upper.place} are responsible authorities.")])
            for district in districts:
                self.member(district.iri, dcat, "gov:Member", "2011", f"{district.label} is a district council in {upper.place}.")
                csp = self.csp(district, upper)
                self.member(csp, category, "gov:Member", "2011", f"{district.place} has a Community Safety Partnership.")
                self.member(csp, board, "gov:Member", "2011", f"The chair of the {district.place} CSP sits on the Board.")
            # two district CSPs merge in some counties
            if len(districts) >= 4 and rng.random() < 0.5:
                a, b = districts[0], districts[1]
                year = rng.choice([2014, 2015, 2016])
                joint = f"{a.place} and {b.place} Community Safety Partnership"
                merged = self.org(self.ident(a.place, b.place, "joint-csp"), joint, "gov:CommunitySafetyPartnership",
                                  part_for(f"{year}-04-01"), f"From April {year} the {joint} covers both districts.",
                                  alts=[f"{a.place} and {b.place} CSP"], area=a.area, start=f"{year}-04-01")
                for council in (a, b):
                    self.member(council.iri, merged, "gov:ResponsibleAuthority", part_for(f"{year}-04-01"),
                                f"{council.label} is a responsible authority of the {joint}.", start=f"{year}-04-01")
                for agency in (self.police, self.fire, self.crc, upper.ccg):
                    self.member(agency, merged, "gov:ResponsibleAuthority", part_for(f"{year}-04-01"),
                                f"{self.label_of(agency)} is a responsible authority of the {joint}.", start=f"{year}-04-01")
                self.line(merged, board, "gov:Accountable", part_for(f"{year}-04-01"),
                          f"The {joint} is accountable to the {upper.place} Safer Communities Board.", start=f"{year}-04-01")
                self.event(self.ident("event", "joint-csp", a.place), f"{a.place} and {b.place} CSPs merge", "gov:Merger",
                           f"{year}-04-01", f"In April {year} the {a.place} and {b.place} CSPs merged into the {joint}.",
                           original=[a.csp, b.csp], resulting=[merged])
                self.csps.append(Body(merged, joint, "csp", a.area, start=f"{year}-04-01"))
                self.merged_away[a.csp] = self.merged_away[b.csp] = year
        for upper in self.uppers:
            if not hasattr(upper, "board"):
                csp = self.csp(upper, upper)
                self.line(csp, self.spb, "gov:Reports", "2012",
                          f"The {upper.place} Community Safety Partnership reports to the Strategic Partnership Board.",
                          start="2012-09-01")

    def csp(self, council: Body, upper: Body) -> str:
        rng, place = self.rng, council.place
        label = f"{place} Community Safety Partnership"
        alts = [f"{place} CSP"] + ([f"Safer {place} Partnership"] if rng.random() < 0.4 else [])
        iri = self.org(self.ident(place, "csp"), label, "gov:CommunitySafetyPartnership", "2011",
                       f"The {label} works with local communities in {place}.", alts=alts, area=council.area,
                       more_evidence=[("2019", f"The {label} has agreed its priorities for 2019/20.")])
        council.csp = iri
        self.csps.append(Body(iri, label, "csp", council.area))
        members = [(council.iri, None, None), (self.police, None, None), (self.fire, None, None),
                   (self.probation_trust, None, "2014-05-31"), (self.crc, "2014-06-01", None),
                   (self.pct, None, "2013-03-31"), (getattr(upper, "ccg", self.ccgs[0]), "2013-04-01", None)]
        if upper is not council:
            members.insert(1, (upper.iri, None, None))
        for agency, start, end in members:
            self.member(agency, iri, "gov:ResponsibleAuthority", part_for(start or "2011-04-01"),
                        f"{self.label_of(agency)} is a responsible authority of the {label}.", start=start, end=end)
        chair, post = self.person(self.ident("post", "chair", place, "csp"), f"Chair of the {label}", iri, "2011")
        self.member(post, iri, "gov:Chair", "2011", f"The {label} is chaired by {self.names_of(chair)}.")
        for sub in rng.sample(SUBGROUPS, rng.randint(3, 5)):
            group = self.org(self.ident(place, sub), f"{place} {sub}", "gov:Board", "2011",
                             f"The {place} {sub} operates under the {label}.", area=council.area)
            self.line(group, iri, "gov:SubgroupOf", "2011", f"The {place} {sub} operates under the {label}.")
            for agency in rng.sample([council.iri, self.police, self.fire, self.crc, self.opcc], 3):
                self.member(agency, group, "gov:Member", "2017", f"{self.label_of(agency)} takes part in the {place} {sub}.")
            for theme in rng.sample(THEMES, 2):
                text = f"{rng.choice(VERBS)} {theme}"
                self.doc.thing(self.ident("priority", place, sub, theme), "gov:Priority",
                               [("skos:prefLabel", lit(f"{text} ({place} {sub})") + "@en"), ("gov:priorityOf", group)],
                               [self.doc.say("2017", f"The {place} {sub} has agreed a priority to {text[0].lower() + text[1:]}.")])
        self.meetings(iri, label, [council.iri, self.police, self.fire, self.crc, self.opcc], range(2015, 2020), 3)
        # local projects the partnership commissions each year from its grant
        for theme in rng.sample(THEMES, rng.randint(3, 5)):
            project = self.org(self.ident(place, "project", theme), f"{place} {theme} project", "gov:Programme", "2014",
                               f"The {label} commissions the {place} {theme} project.", area=council.area, start="2013-04-01")
            for year in YEARS[2:]:
                amount = self.money_amount(2_000, 25_000)
                self.flow(self.ident("funding", place, "csp", theme, str(year)), [iri], project, amount, year,
                          "nat:fund-community-safety-fund", f"{theme.capitalize()} project {fy(year)[2]}",
                          f"The {label} spent £{amount:,} on the {place} {theme} project in {fy(year)[2]}.")
        return iri

