"""Bulk import of trainees from CSV: read, check every row, plan, and only then write.

``read_csv`` turns the uploaded bytes into rows or one clear message for the whole file (size,
encoding, binary content, header). ``plan`` decides each row's fate (created, updated, unchanged
or an error with its reason) against the database without changing it. ``apply`` writes a plan
that has no errors, in the caller's transaction: all rows or none. Importing the same file twice
changes nothing the second time: every row is then "unchanged".

Row numbers are the spreadsheet's: the header is row 1, the first trainee row 2.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from learnlab.admin import cohorts_service, people
from learnlab.admin.forms import COUNTRY_RE, EMAIL_RE, USERNAME_RE
from learnlab.admin.models import Cohort, CohortMember
from learnlab.admin.scope import Scope
from learnlab.audit import record
from learnlab.auth.models import User
from learnlab.i18n import gettext as _

MAX_BYTES = 1024 * 1024  # about 10,000 trainees; the preview carries the file, compressed
MAX_ROWS = 10_000
COLUMNS = ("username", "display_name", "email", "organisation", "unit", "country", "cohort")
REQUIRED_COLUMNS = ("username", "display_name", "organisation", "unit", "country", "cohort")
# Header spellings accepted for each column (compared in lower case, spaces and hyphens as "_").
ALIASES = {
    "full_name": "display_name",
    "name": "display_name",
    "organization": "organisation",
    "e_mail": "email",
}
PROFILE = ("display_name", "email", "organisation", "unit", "country")


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass
class Fate:
    row: int
    username: str
    display_name: str
    action: str  # "created", "updated", "unchanged", "error"
    errors: list[str] = field(default_factory=list)
    changes: dict[str, Any] = field(default_factory=dict)  # field -> new value
    cohort: str | None = None
    joins_cohort: bool = False
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    fates: list[Fate]
    columns: list[str]

    @property
    def has_errors(self) -> bool:
        return any(f.action == "error" for f in self.fates)

    def count(self, action: str) -> int:
        return sum(1 for f in self.fates if f.action == action)

    @property
    def has_work(self) -> bool:
        return any(f.action in ("created", "updated") for f in self.fates)

    def digest(self) -> str:
        """Identifies the planned changes: the write happens only if re-planning gives the same."""
        data = [
            (f.row, f.username, f.action, sorted(f.changes.items()), f.cohort, f.joins_cohort)
            for f in self.fates
        ]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


# -- reading the file ---------------------------------------------------------------------------


def decode(data: bytes) -> str:
    if not data.strip():
        raise FileProblem(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than 1 MB. Split it into smaller files of at most %(n)s rows.", n=MAX_ROWS)
        )
    if b"\x00" in data[:8192]:
        raise FileProblem(
            _(
                "This is not a CSV text file (it contains binary data). In your spreadsheet, "
                "choose Save as, then CSV UTF-8."
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(
            _(
                "The file is not UTF-8 text (first problem on line %(line)s). In your spreadsheet, "
                "choose Save as, then CSV UTF-8.",
                line=line,
            )
        ) from exc
    return text


def _column_name(raw: str) -> str:
    name = re.sub(r"[\s\-]+", "_", raw.strip().lower())
    return ALIASES.get(name, name)


def read_csv(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(column names, [(row number, cells)]) or FileProblem."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise FileProblem(_("The file is empty."))
        columns = [_column_name(h) for h in header]
        _check_header(columns)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank lines, often at the end of a spreadsheet export
            rows.append((number, cells))
            if len(rows) > MAX_ROWS:
                raise FileProblem(
                    _("The file has more than %(n)s rows. Split it into smaller files.", n=MAX_ROWS)
                )
    except csv.Error as exc:
        raise FileProblem(
            _(
                "The file is not valid CSV near line %(line)s: %(problem)s.",
                line=reader.line_num,
                problem=str(exc),
            )
        ) from exc
    if not rows:
        raise FileProblem(_("The file has a header but no trainees."))
    return columns, rows


def _check_header(columns: list[str]) -> None:
    expected = ", ".join(COLUMNS)
    unknown = [c for c in columns if c not in COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    if unknown or missing or doubled:
        parts = []
        if missing:
            parts.append(_("missing columns: %(names)s", names=", ".join(missing)))
        if unknown:
            parts.append(_("unknown columns: %(names)s", names=", ".join(c or '""' for c in unknown)))
        if doubled:
            parts.append(_("columns given twice: %(names)s", names=", ".join(doubled)))
        raise FileProblem(
            _(
                "The first row must name the columns %(expected)s (email may be left out); %(problems)s.",
                expected=expected,
                problems="; ".join(parts),
            )
        )


# -- planning -----------------------------------------------------------------------------------


def _row_values(columns: list[str], cells: list[str]) -> dict[str, str]:
    return {c: cells[i].strip() for i, c in enumerate(columns) if i < len(cells)}


def _check_row(v: dict[str, str], scope: Scope) -> list[str]:
    errors = []
    if not v.get("username"):
        errors.append(_("the username is missing"))
    elif not USERNAME_RE.match(v["username"]):
        errors.append(
            _(
                "the username '%(u)s' may contain only lowercase letters, digits, dots, hyphens and "
                "underscores (2 to 80)",
                u=v["username"],
            )
        )
    if not v.get("display_name"):
        errors.append(_("the display name is missing"))
    elif len(v["display_name"]) > 200:
        errors.append(_("the display name is longer than 200 characters"))
    if v.get("email") and (not EMAIL_RE.match(v["email"]) or len(v["email"]) > 254):
        errors.append(_("'%(e)s' is not an email address", e=v["email"]))
    if not COUNTRY_RE.match(v.get("country", "")):
        errors.append(
            _("the country must be a two-letter code such as KZ, not '%(c)s'", c=v.get("country", ""))
        )
    for name in ("organisation", "unit"):
        if len(v.get(name, "")) > 200:
            errors.append(_("the %(column)s is longer than 200 characters", column=name))
    if not errors and not scope.allows_user_values(v["country"], v.get("organisation") or None):
        errors.append(_("you manage trainees of %(scope)s only", scope=scope.label()))
    return errors


def plan(
    session: Session,
    columns: list[str],
    rows: list[tuple[int, list[str]]],
    scope: Scope,
    default_cohort: Cohort | None = None,
) -> Plan:
    """Each row's fate, from a few queries (existing accounts, cohorts, memberships); writes nothing."""
    parsed = [(n, cells, _row_values(columns, cells)) for n, cells in rows]
    for _n, _cells, v in parsed:
        v["username"] = v.get("username", "").lower()
        v["country"] = v.get("country", "").upper()
    names = {v["username"] for _n, _c, v in parsed if v["username"]}
    existing = _existing_users(session, names)
    cohorts = _cohorts_by_name(session, scope)
    members = _memberships(session, [u.id for u in existing.values()])
    first_row: dict[str, int] = {}
    fates = []
    for number, cells, v in parsed:
        fate = Fate(number, v.get("username", ""), v.get("display_name", ""), "error")
        if len(cells) != len(columns):
            fate.errors.append(
                _("this row has %(n)s cells, the header has %(m)s", n=len(cells), m=len(columns))
            )
        fate.errors += _check_row(v, scope)
        if fate.username and fate.username in first_row:
            fate.errors.append(
                _(
                    "the username '%(u)s' is also on row %(row)s",
                    u=fate.username,
                    row=first_row[fate.username],
                )
            )
        first_row.setdefault(fate.username, number)
        cohort_name = v.get("cohort") or (default_cohort.name if default_cohort else "")
        cohort = cohorts.get(cohort_name.casefold()) if cohort_name else None
        if cohort_name and cohort is None:
            fate.errors.append(_("unknown cohort '%(name)s'", name=cohort_name))
        fate.cohort = cohort.name if cohort else None
        if not fate.errors:
            _decide(fate, v, columns, existing.get(fate.username), cohort, members, scope)
        fates.append(fate)
    return Plan(fates, columns)


def _decide(
    fate: Fate,
    v: dict[str, str],
    columns: list[str],
    user: User | None,
    cohort: Cohort | None,
    members: set[tuple[int, int]],
    scope: Scope,
) -> None:
    fate.values = {k: (v.get(k) or None) for k in PROFILE if k in columns}
    if user is None:
        fate.action = "created"
        fate.changes = dict(fate.values)
        fate.joins_cohort = cohort is not None
        return
    in_scope = scope.allows_user_values(user.country, user.organisation)
    if user.role != "trainee" or not in_scope:
        # The same words as "username taken" on the person form: nothing about the account that
        # has it (its role, country or that it is outside this administrator's scope).
        fate.errors.append(_("the username '%(u)s' is not available: choose another", u=fate.username))
        return
    fate.changes = {k: new for k, new in fate.values.items() if getattr(user, k) != new}
    fate.joins_cohort = cohort is not None and (cohort.id, user.id) not in members
    fate.action = "updated" if fate.changes or fate.joins_cohort else "unchanged"


def _existing_users(session: Session, names: set[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    ordered = sorted(names)
    for start in range(0, len(ordered), 500):  # stay below the databases' bound-parameter limits
        chunk = ordered[start : start + 500]
        found.update(
            {u.username: u for u in session.execute(select(User).where(User.username.in_(chunk))).scalars()}
        )
    return found


def _cohorts_by_name(session: Session, scope: Scope) -> dict[str, Cohort]:
    return {c.name.casefold(): c for c in session.execute(select(Cohort).where(scope.cohorts())).scalars()}


def _memberships(session: Session, user_ids: list[int]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        rows = session.execute(
            select(CohortMember.cohort_id, CohortMember.user_id).where(CohortMember.user_id.in_(chunk))
        )
        out |= {(cohort_id, user_id) for cohort_id, user_id in rows}
    return out


# -- writing ------------------------------------------------------------------------------------


def apply(session: Session, result: Plan, *, actor_id: int | None, filename: str) -> None:
    """Write every planned change in the caller's transaction. Refuses a plan with errors."""
    if result.has_errors:
        raise ValueError("a plan with errors is never written")
    cohorts = {c.name: c for c in session.execute(select(Cohort)).scalars()}
    users = _existing_users(session, {f.username for f in result.fates if f.action == "updated"})
    for fate in result.fates:
        if fate.action == "created":
            user = people.create_user(
                session,
                actor_id=actor_id,
                username=fate.username,
                values={"role": "trainee", **fate.values},
                audit_action="admin.user_imported",
            )
        elif fate.action == "updated":
            user = users[fate.username]
            if fate.changes:
                people.update_user(
                    session,
                    user,
                    actor_id=actor_id,
                    values=dict(fate.changes),
                    audit_action="admin.user_import_updated",
                )
        else:
            continue
        if fate.joins_cohort and fate.cohort:
            cohorts_service.add_member(session, cohorts[fate.cohort], user, actor_id=actor_id)
    record(
        session,
        "admin.import",
        actor_id=actor_id,
        target_type="import",
        target_id=filename[:100],
        details={
            "created": result.count("created"),
            "updated": result.count("updated"),
            "unchanged": result.count("unchanged"),
        },
    )
    session.flush()


# -- carrying the file from the preview to the confirmation -----------------------------------


def pack(text: str) -> str:
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def unpack(data: str) -> str:
    try:
        inflater = zlib.decompressobj()
        # Never inflate past the size limit, whatever was put in the field.
        raw = inflater.decompress(base64.b64decode(data.encode("ascii"), validate=True), MAX_BYTES + 1)
        if len(raw) > MAX_BYTES or inflater.unconsumed_tail:
            raise ValueError("too large")
        return raw.decode("utf-8")
    except (ValueError, zlib.error) as exc:
        raise FileProblem(_("The preview could not be read back. Upload the file again.")) from exc
