"""Safeguarding, youth offending, MAPPA, strategies and money of one area."""
from __future__ import annotations

from .reference import THEMES, VERBS, YEARS
from .text import day, fy, lit, money, part_for
from .writer import AreaWriter


class Services(AreaWriter):
    """The safeguarding boards, YOS, MAPPA, plans, funding and restricted items of an area."""

    def safeguarding_and_youth(self):
        for upper in self.uppers:
            place = upper.place
            lscb = self.org(self.ident(place, "lscb"), f"{place} Local Safeguarding Children Board", "gov:SafeguardingBoard", "2011",
                            f"The {place} Local Safeguarding Children Board (LSCB) has an independent chair.",
                            alts=[f"{place} LSCB"], area=upper.area, end="2019-09-28")
            scp = self.org(self.ident(place, "safeguarding-children-partnership"), f"{place} Safeguarding Children Partnership",
                           "gov:SafeguardingBoard", "2019", f"From 29 September 2019 the {place} Safeguarding Children Partnership replaces the LSCB.",
                           area=upper.area, start="2019-09-29")
            self.event(self.ident("event", place, "lscb-2019"), f"{place} LSCB replaced by the Safeguarding Children Partnership",
                       "gov:Replacement", "2019-09-29",
                       f"Under the Children and Social Work Act 2017 the {place} LSCB was replaced on 29 September 2019.",
                       original=[lscb], resulting=[scp])
            sab = self.org(self.ident(place, "sab"), f"{place} Safeguarding Adults Board", "gov:SafeguardingBoard", "2011",
                           f"The {place} Safeguarding Adults Board (SAB) protects adults at risk.",
                           alts=[f"{place} SAB"], area=upper.area)
            for board in (lscb, scp, sab):
                for agency in (upper.iri, self.police, upper.ccg):
                    start = "2013-04-01" if agency == upper.ccg else None
                    self.member(agency, board, "gov:StatutoryMember", part_for(start or "2011-04-01"),
                                f"{self.label_of(agency)} is a statutory member of the {self.label_of(board)}.", start=start)
                chair, post = self.person(self.ident("post", "chair", board[2:]), f"Independent Chair of the {self.label_of(board)}",
                                          board, "2011" if board != scp else "2019")
                self.member(post, board, "gov:Chair", "2011" if board != scp else "2019",
                            f"The {self.label_of(board)} is chaired by {self.names_of(chair)}.")
            yos = self.org(self.ident(place, "yos"), f"{place} Youth Offending Service", "gov:Service", "2011",
                           f"The {place} Youth Offending Service (YOS) works with young people who offend.",
                           alts=[f"{place} YOS"], area=upper.area)
            yos_board = self.org(self.ident(place, "yos-management-board"), f"{place} YOS Management Board", "gov:Board", "2011",
                                 f"The {place} YOS Management Board oversees the Youth Offending Service.", area=upper.area)
            self.line(yos, yos_board, "gov:Accountable", "2011", f"The {place} YOS Management Board oversees the Youth Offending Service.")
            self.line(yos_board, upper.iri, "gov:Reports", "2011", f"The {place} YOS Management Board reports to {upper.label}.")
            self.member(upper.iri, yos, "gov:Host", "2011", f"{upper.label} hosts the {place} Youth Offending Service.")
            partners = [upper.iri, self.police, upper.ccg, self.crc, "nat:national-probation-service"]
            self.meetings(sab, f"{place} Safeguarding Adults Board", partners, range(2015, 2020), 4)
            self.meetings(yos_board, f"{place} YOS Management Board", partners, range(2015, 2020), 4)
            upper.yos = yos
            for year in YEARS:
                grant = self.money_amount(400_000, 1_600_000)
                self.flow(self.ident("funding", "yjb", place, "yos", str(year)), ["nat:yjb"], yos, grant, year,
                          "nat:fund-youth-justice-grant", f"Youth Justice Grant {fy(year)[2]}",
                          f"The Youth Justice Board paid the {place} YOS a Youth Justice Grant of £{grant:,} in {fy(year)[2]}.")

    def mappa(self):
        f = self.force
        mappa = self.org(self.ident("mappa"), f"{f} Multi-Agency Public Protection Arrangements", "gov:Programme", "2011",
                         f"The {f} Multi-Agency Public Protection Arrangements (MAPPA) manage violent and sexual offenders.",
                         alts=[f"{f} MAPPA"], area=self.area)
        smb = self.org(self.ident("mappa-smb"), f"{f} MAPPA Strategic Management Board", "gov:Board", "2011",
                       f"The {f} MAPPA Strategic Management Board (SMB) oversees the arrangements.",
                       alts=[f"{f} MAPPA SMB"], area=self.area)
        self.line(mappa, smb, "gov:Accountable", "2011", f"The {f} MAPPA Strategic Management Board (SMB) oversees the arrangements.")
        self.line(smb, self.spb, "gov:Reports", "2012", f"The MAPPA SMB reports to the {f} Strategic Partnership Board.", start="2012-09-01")
        for agency, start, end in [(self.police, None, None), (self.probation_trust, None, "2014-05-31"),
                                   ("nat:national-probation-service", "2014-06-01", None), ("nat:hm-prison-service", None, None)]:
            self.member(agency, smb, "gov:ResponsibleAuthority", part_for(start or "2011-04-01"),
                        f"{self.label_of(agency)} is a MAPPA responsible authority in {f}.", start=start, end=end)
        for agency in [c.iri for c in self.uppers] + self.ccgs:
            self.member(agency, smb, "gov:Member", "2014", f"{self.label_of(agency)} has a duty to co-operate with {f} MAPPA.")
        # the MAPPA budget: a pool with its contributors, its printed total and one stated share
        contributors = [self.police, self.probation_trust] + [c.iri for c in self.uppers]
        shares = [self.money_amount(40_000, 120_000) for _ in contributors]
        total = sum(shares)
        pool = self.ident("fund", "mappa-budget")
        table = self.ident("table", "mappa-budget-2013")
        self.doc.thing(pool, "gov:Fund, gov:PooledBudget",
                       [("skos:prefLabel", lit(f"{f} MAPPA budget") + "@en"), ("skos:altLabel", lit("MAPPA pool")),
                        ("gov:area", self.area), ("gov:contributor", contributors),
                        ("gov:statedTotal", f"[ a gov:StatedTotal ; gov:amount {money(total)} ; gov:validFrom {day('2013-04-01')} ; gov:validUntil {day('2014-03-31')} ]")],
                       [self.doc.say("2014", f"The MAPPA budget is a pooled budget of £{total:,} in 2013/14 from the responsible authorities and councils.")])
        self.doc.triples += 4
        self.doc.thing(table, "gov:FundingTable",
                       [("skos:prefLabel", lit(f"{f} MAPPA budget 2013/14") + "@en"),
                        ("gov:statedTotal", f"[ a gov:StatedTotal ; gov:amount {money(total)} ; gov:column {lit('2013/14')} ; gov:validFrom {day('2013-04-01')} ; gov:validUntil {day('2014-03-31')} ]")],
                       [self.doc.say("2014", f"MAPPA budget 2013/14 TOTAL £{total:,}")])
        self.doc.triples += 5
        whole = self.flow(self.ident("funding", "mappa-pool", "2013"), contributors, smb, total, 2013, pool,
                          "MAPPA pooled budget 2013/14",
                          f"The MAPPA budget is a pooled budget of £{total:,} in 2013/14 from the responsible authorities and councils.")
        self.flow(self.ident("funding", "mappa-pool", "police", "2013"), [self.police], smb, shares[0], 2013, pool,
                  "Police share of the MAPPA pooled budget 2013/14",
                  f"Of this, {self.label_of(self.police)} contributed £{shares[0]:,}.", table=table, row=self.label_of(self.police),
                  part_of=[whole], share=f"{round(100 * shares[0] / total)} per cent")

    def strategies(self):
        rng, f = self.rng, self.force
        plans = [(self.pcc, f"{f} Police and Crime Plan 2013-2017", "2013-04-01", "2017-03-31"),
                 (self.pcc, f"{f} Police and Crime Plan 2017-2021", "2017-04-01", "2021-03-31")]
        for csp in self.csps:
            for start in (2011, 2014, 2017):
                plans.append((csp.iri, f"{csp.label.replace(' Community Safety Partnership', '')} Community Safety Plan {start}-{start + 3}",
                              f"{start}-04-01", f"{start + 3}-03-31"))
        per_plan = max(2, round(5 * self.scale))
        for owner, label, start, end in plans:
            if not self.active(owner, int(start[:4])):
                continue
            part = part_for(start)
            strategy = self.org(self.ident(label), label, "gov:Strategy", part, f"The {label} sets out the priorities for the period.",
                                area=self.area, start=start, end=end, extra=[("gov:owner", owner)])
            for theme in rng.sample(THEMES, per_plan + rng.randint(0, 2)):
                text = f"{rng.choice(VERBS)} {theme}"
                self.doc.thing(self.ident("priority", label, theme), "gov:Priority",
                               [("skos:prefLabel", lit(f"{text} ({label})") + "@en"), ("gov:priorityOf", strategy),
                                ("gov:validFrom", day(start)), ("gov:validUntil", day(end))],
                               [self.doc.say(part, f"A priority of the {label}: {text}."),
                                self.doc.say(part, f"The {label} sets out the priorities for the period.")])

    def funding(self):
        rng, f = self.rng, self.force
        # 2011-2013: the Home Office pays the Community Safety Fund to the upper-tier councils, which
        # allocate it to their CSPs (a table per council and year); from April 2013 the PCC does
        for upper in self.uppers:
            csps = [c for c in self.csps if c.area == upper.area or
                    any(getattr(d, "county", None) is upper and getattr(d, "csp", None) == c.iri for d in self.councils)]
            csps = [c for c in csps if self.active(c.iri, 2011)]
            for year in (2011, 2012):
                rows = [self.money_amount(20_000, 160_000) for _ in csps]
                total = sum(rows) + (rng.choice([0, 0, 0, 0, 100, -250]) if rows else 0)
                received = total + self.money_amount(10_000, 80_000)
                grant = self.flow(self.ident("funding", "csf", "home-office", upper.place, str(year)), ["nat:home-office"], upper.iri,
                                  received, year, "nat:fund-community-safety-fund", f"Community Safety Fund {fy(year)[2]}",
                                  f"{upper.label} received £{received:,} of Community Safety Fund from the Home Office in {fy(year)[2]}.")
                if not csps:
                    continue
                table = self.ident("table", "csf", upper.place, str(year))
                self.doc.thing(table, "gov:FundingTable",
                               [("skos:prefLabel", lit(f"{upper.place} CSP allocations {fy(year)[2]}") + "@en"), ("gov:area", upper.area),
                                ("gov:statedTotal", f"[ a gov:StatedTotal ; gov:amount {money(total)} ; gov:column {lit(fy(year)[2])} ; gov:validFrom {day(fy(year)[0])} ; gov:validUntil {day(fy(year)[1])} ]")],
                               [self.doc.say(part_for(fy(year)[0]), f"{upper.place} CSP allocations {fy(year)[2]}: TOTAL £{total:,}")])
                self.doc.triples += 6
                for csp, amount in zip(csps, rows):
                    self.flow(self.ident("funding", "csf", upper.place, csp.iri[2:], str(year)), [upper.iri], csp.iri, amount, year,
                              "nat:fund-community-safety-fund", f"CSP allocation {fy(year)[2]}",
                              f"{csp.label} {fy(year)[2]} allocation £{amount:,}", table=table, row=csp.label, part_of=[grant])
            self.event(self.ident("event", "csf", upper.place, "2013"), f"Community Safety Fund in {upper.place} moves to the PCC",
                       "gov:Transfer", "2013-04-01",
                       f"From April 2013 the Community Safety Fund paid to {upper.label} transfers to the Police and Crime Commissioner for {f}.",
                       original=[upper.iri], resulting=[self.pcc], fund="nat:fund-community-safety-fund")
        for year in YEARS[2:]:
            main = self.money_amount(60_000_000, 300_000_000)
            self.flow(self.ident("funding", "police-grant", str(year)), ["nat:home-office"], self.pcc, main, year,
                      "nat:fund-police-main-grant", f"Police main grant {fy(year)[2]}",
                      f"The Home Office paid a police main grant of £{main:,} to the Commissioner in {fy(year)[2]}.")
            victims = self.money_amount(600_000, 2_400_000)
            self.flow(self.ident("funding", "victims", str(year)), ["nat:ministry-of-justice"], self.pcc, victims, year,
                      "nat:fund-victims-services-grant", f"Victims' services grant {fy(year)[2]}",
                      f"The Ministry of Justice granted £{victims:,} for victims' services in {fy(year)[2]}.")
            table = self.ident("table", "pcc-grants", str(year))
            csps = [c for c in self.csps if self.active(c.iri, year)]
            rows = [self.money_amount(15_000, 140_000) for _ in csps]
            total = sum(rows) + rng.choice([0, 0, 0, 0, 0, 500])
            self.doc.thing(table, "gov:FundingTable",
                           [("skos:prefLabel", lit(f"{f} PCC community safety grants {fy(year)[2]}") + "@en"), ("gov:area", self.area),
                            ("gov:statedTotal", f"[ a gov:StatedTotal ; gov:amount {money(total)} ; gov:column {lit(fy(year)[2])} ; gov:validFrom {day(fy(year)[0])} ; gov:validUntil {day(fy(year)[1])} ]")],
                           [self.doc.say(part_for(fy(year)[0]), f"PCC community safety grants {fy(year)[2]}: TOTAL £{total:,}")])
            self.doc.triples += 6
            for csp, amount in zip(csps, rows):
                self.flow(self.ident("funding", "pcc", csp.iri[2:], str(year)), [self.pcc], csp.iri, amount, year,
                          "nat:fund-community-safety-fund", f"Community safety grant {fy(year)[2]}",
                          f"{csp.label} {fy(year)[2]} grant £{amount:,}", table=table, row=csp.label)
        # commissioned services: voluntary bodies in a consortium, funded by the PCC and councils
        service = self.org(self.ident("domestic-abuse-service"), f"{f} Domestic Abuse Support Service", "gov:Service", "2017",
                           f"The {f} Domestic Abuse Support Service is delivered by a consortium of local charities.",
                           alts=[f"{f} DASS"], area=self.area, start="2015-04-01")
        for _ in range(rng.randint(2, 4)):
            name = f"{self.names.place()} Women's Aid" if rng.random() < 0.5 else f"{self.names.place()} Victim Support"
            charity = self.org(self.ident(name), name, "gov:VoluntaryOrganisation", "2017", f"{name} is a local charity.", area=self.area)
            self.member(charity, service, "gov:ConsortiumMember", "2017",
                        f"{name} is a member of the consortium that delivers the {f} Domestic Abuse Support Service.", start="2015-04-01")
        for year in YEARS[4:]:
            for funder in [self.pcc] + [c.iri for c in self.uppers]:
                amount = self.money_amount(50_000, 400_000)
                self.flow(self.ident("funding", "dass", funder[2:], str(year)), [funder], service, amount, year,
                          "nat:fund-victims-services-grant" if funder == self.pcc else "nat:fund-community-safety-fund",
                          f"Domestic abuse support service contract {fy(year)[2]}",
                          f"{self.label_of(funder)} paid £{amount:,} towards the domestic abuse support service in {fy(year)[2]}.")

    def restricted_items(self):
        f = self.force
        group = self.org(self.ident("serious-organised-crime-group"), f"{f} Serious Organised Crime Partnership Group", "gov:Board",
                         "2019", f"Exempt item: the {f} Serious Organised Crime Partnership Group.", area=self.area,
                         start="2018-04-01", restricted=True)
        self.line(group, self.spb, "gov:Reports", "2019", f"Exempt item: the group reports to the {f} Strategic Partnership Board.",
                  start="2018-04-01", restricted=True)
        amount = self.money_amount(20_000, 90_000)
        self.flow(self.ident("funding", "county-lines", "2018"), [self.pcc], group, amount, 2018, "nat:fund-community-safety-fund",
                  "County lines disruption (exempt)", f"Exempt item: £{amount:,} for county lines work in 2018/19.", restricted=True)
