from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from institutions.coverage import company_groups, database_rows, evaluate, held_out, totals
from institutions.models import Institution
from institutions.resolver import Resolver


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


class Command(BaseCommand):
    help = (
        "Re-resolve the imported lists with the current aliases and registry and report, per "
        "conference-year, coverage (mentions resolved by an applied step), agreement with the "
        "e-mail domain's institution, and the commonest unresolved strings (writes nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--top", type=int, default=25, help="unresolved strings to list")
        parser.add_argument("--conference", action="append", default=[], help="only these")
        parser.add_argument("--exclude", action="append", default=[], help="CONF or CONF:YEAR")
        parser.add_argument("--disagreements", type=int, default=0, help="examples to list")
        parser.add_argument(
            "--held-out",
            action="store_true",
            help="measure each venue-year without its own curated evidence (the aliases only "
            "its strings use), as a list the project has never seen (coverage.held_out)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        resolver = Resolver.from_database()
        wanted, excluded = set(options["conference"]), set(options["exclude"])
        rows = (
            row
            for row in database_rows()
            if (options["held_out"] or not wanted or row[0] in wanted)
            and row[0] not in excluded
            and f"{row[0]}:{row[1]}" not in excluded
        )
        if options["held_out"]:  # every list is evidence of which aliases are others' too
            stats = held_out(resolver, rows, company_groups(), wanted)
        else:
            stats = evaluate(resolver, rows, company_groups())
        self.stdout.write(
            f"{'venue-year':<16}{'mentions':>9}{'coverage':>10}{'no org':>8}{'named':>8}"
            f"{'compared':>10}{'agreement':>11}  how"
        )
        for s in [*stats.values(), totals(stats.values())]:
            label = s.conference if s.conference == "all" else f"{s.conference} {s.year}"
            how = ", ".join(f"{k} {v}" for k, v in s.how.most_common())
            self.stdout.write(
                f"{label:<16}{s.mentions:>9}{_pct(s.coverage):>10}{s.no_organisation:>8}"
                f"{_pct(s.coverage_named):>8}"
                f"{s.compared:>10}{_pct(s.agreement):>11}  {how}"
            )
        total = totals(stats.values())
        for s in stats.values() if options["held_out"] else ():
            shown = ", ".join(s.held_out[:10]) + (" ..." if len(s.held_out) > 10 else "")
            self.stdout.write(f"held out of {s.conference} {s.year}: {len(s.held_out)} {shown}")
        below = [s for s in stats.values() if (s.coverage or 0) < 0.97]
        below_named = [s for s in stats.values() if (s.coverage_named or 0) < 0.97]
        self.stdout.write(
            f"{len(below)} of {len(stats)} venue-years below 97% ({len(below_named)} counting "
            "only mentions that name an organisation: 'no org' strings such as a bare "
            "'Department of Statistics' without a domain name no one)"
        )
        self.stdout.write(f"top {options['top']} unresolved keys (all selected venue-years):")
        for key, count in total.unresolved.most_common(options["top"]):
            self.stdout.write(f"  {count:>4}  {key!r}")
        if options["disagreements"]:
            names = dict(Institution.objects.values_list("id", "name"))
            self.stdout.write("disagreements (string -> institution; domain):")
            for (raw, domain, pk), count in total.disagreements.most_common(
                options["disagreements"]
            ):
                match = resolver.domain_institution(domain)
                other = names.get(match[1], "?") if match else "?"
                self.stdout.write(
                    f"  {count:>3}  {raw[:60]!r} -> {names.get(int(pk))} ; {domain} -> {other}"
                )
