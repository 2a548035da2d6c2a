"""The request fuzzer's machinery: hostile values, the routes to send them to, and the walk.

For one role at a time, ``walk`` visits every rule of ``app.url_map`` and sends, one at a time,
hostile values in place of each path parameter, each query parameter (the names the route's own
pages use in their links and GET forms, plus the ones every table takes) and each form field (the
route's WTForms form classes, plus the fields its pages' forms carry), with a valid CSRF token
and plausible values in the other fields, so that the hostile value reaches the validation. It
also sends each POST route a JSON body (lists and objects where text is expected), every field
twice, a body that is not UTF-8 and a multipart body with a hostile file name. Every answer must
be 2xx, 3xx or 4xx.

Values are written here already percent-encoded (``Value.encoded``), so that bytes that are not
UTF-8 (a lone surrogate's encoding, 0xFF) go out exactly as a hostile client would send them.
"""

from __future__ import annotations

import io
import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from wtforms.fields.core import UnboundField


@dataclass(frozen=True)
class Value:
    label: str
    encoded: str  # percent-encoded, as it goes into a path segment, a query or a form body

    @classmethod
    def text(cls, label: str, text: str) -> Value:
        return cls(label, quote(text.encode("utf-8", "surrogatepass"), safe=""))


def _hostile() -> list[Value]:
    t = Value.text
    return [
        t("2**63", str(2**63)),
        t("-2**63-1", str(-(2**63) - 1)),
        t("20 digits", "99999999999999999999"),
        t("2**31", str(2**31)),
        t("-1", "-1"),
        t("0", "0"),
        t("NaN", "NaN"),
        t("Infinity", "Infinity"),
        t("-Infinity", "-Infinity"),
        t("1e309", "1e309"),
        t("year 0", "0000-01-01"),
        t("year 1", "0001-01-01"),
        t("year 9999", "9999-12-31"),
        # A moment that leaves the calendar once converted to UTC (an OverflowError, not a ValueError).
        t("year 1 at +14:00", "0001-01-01T00:00:00+14:00"),
        t("30 February", "2026-02-30"),
        t("NUL", "a\x00b"),
        t("C0 controls", "\x01\x02\x03\x08\x0b\x0c\x1f"),
        t("escape sequence", "\x1b[31mred\x1b[0m"),
        t("DEL and C1", "\x7f\x85\x9f"),
        Value("lone surrogate (CESU bytes)", "%ED%A0%80"),
        Value("invalid UTF-8", "%FF%FE%C0%AF"),
        t("lone surrogate", "\ud800x"),
        t("60,000 characters", "a" * 60_000),
        t("5,000 Cyrillic", "я" * 5_000),
        t("right-to-left override", "\u202eevil"),
        t("zero-width and emoji", "\u200b\ufeff😀\U0001f1f0\U0001f1ff"),
        t("combining", "e\u0301" * 50),
        t("SQL", "' OR 1=1 --"),
        t("LIKE wildcards", "%_\\"),
        t("HTML", "<script>alert(1)</script>"),
        t("CSV formula", '=HYPERLINK("http://x")'),
        t("path", "../../etc/passwd"),
        t("empty", ""),
        t("spaces", "   "),
        t("newlines", "a\r\nb\nc"),
    ]


HOSTILE = _hostile()
# Query parameters most tables and pages take (the route's own links and forms add theirs).
COMMON_QUERY = ("page", "sort", "dir", "export", "next")
# Plausible values for fields, so that the one hostile field is the only thing wrong.
DEFAULTS = {
    "username": "fuzzed-user",
    "display_name": "Fuzzed Name",
    "email": "",
    "role": "trainee",
    "country": "KZ",
    "organisation": "SRC",
    "unit": "PCU Fuzz",
    "locale": "",
    "scope_country": "",
    "scope_organisation": "",
    "name": "Fuzzed cohort",
    "starts_on": "2026-11-02",
    "ends_on": "2026-12-18",
    "usernames": "nobody-here",
    "kind": "module",
    "slug": "",
    "path": "",
    "text": "# Title\n\nSome text.",
    "password": "not-the-password",  # never signs in: the walk keeps its session
    "current_password": "not-the-password",
    "new_password": "a long enough pass phrase",
    "confirm": "a long enough pass phrase",
    "lang": "en",
    "active": "1",
    "done": "1",
    "confirm_name": "not the name",
}
SKIP_ENDPOINTS = frozenset({"static", "auth.logout"})


def form_fields(form_class: type) -> list[str]:
    """The field names a WTForms form class declares (its own and inherited), CSRF token aside."""
    names: list[str] = []
    for klass in reversed(form_class.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, UnboundField) and name not in names:
                names.append(name)
    return names


class _Forms(HTMLParser):
    """Forms in a page: (method, action, {field: default}), and the query keys of its links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str]]] = []
        self.links: list[str] = []
        self._form: tuple[str, str, dict[str, str]] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = (a.get("method", "get").lower(), a.get("action", ""), {})
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif self._form is not None and tag in ("input", "textarea", "select", "button") and a.get("name"):
            fields = self._form[2]
            name = a["name"]
            if tag == "select":
                self._select = name
                fields.setdefault(name, "")
            elif a.get("type") in ("checkbox", "radio"):
                if name not in fields or "checked" in a:
                    fields[name] = a.get("value", "on")
            else:
                fields.setdefault(name, a.get("value", ""))
        elif tag == "option" and self._select and self._form is not None:
            fields = self._form[2]
            if not fields.get(self._select) or "selected" in a:
                fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Target:
    """What the walk knows about one endpoint: its fields and their plausible values."""

    query: set[str] = field(default_factory=set)
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class Finding:
    endpoint: str
    method: str
    where: str
    value: str
    status: int


@dataclass
class Report:
    role: str
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's own CPU: what the run costs on a quiet machine

    def summary(self) -> str:
        by_class = Counter(f"{s // 100}xx" for s in self.statuses.elements())
        return (
            f"fuzz {self.role}: {self.requests} requests in {self.seconds:.1f} s "
            f"(CPU {self.cpu_seconds:.1f} s) "
            f"({', '.join(f'{k} {v}' for k, v in sorted(by_class.items()))}); "
            f"{len(self.findings)} server errors"
        )


class Walk:
    def __init__(
        self,
        app: Flask,
        client: FlaskClient,
        role: str,
        args: dict[str, Any],
        forms: dict[str, list[type]],
        *,
        per_field: int | None,
        seed: int,
    ) -> None:
        self.app = app
        self.client = client
        self.args = args
        self.forms = forms
        self.per_field = per_field  # None: every hostile value for every field
        self.rng = random.Random(seed)
        self.report = Report(role)
        self.targets: dict[str, Target] = {}
        self.adapter = app.url_map.bind("localhost")
        self.token = ""
        self._round: list[Value] = []

    # -- the walk ----------------------------------------------------------------------------
    def run(self) -> Report:
        started, cpu = time.monotonic(), time.process_time()
        self.refresh_token()
        rules = [r for r in self.app.url_map.iter_rules() if r.endpoint not in SKIP_ENDPOINTS]
        for rule in rules:  # discovery: the pages' own forms and links
            if "GET" in rule.methods:
                self.discover(self.url(rule))
        for rule in rules:
            self.fuzz_rule(rule)
        self.report.seconds = time.monotonic() - started
        self.report.cpu_seconds = time.process_time() - cpu
        return self.report

    def fuzz_rule(self, rule: Rule) -> None:
        post = "POST" in rule.methods
        get = "GET" in rule.methods
        method = "GET" if get else "POST"
        for name in rule.arguments:
            for value in self.sample():
                self.send(rule, method, self.url(rule, {name: value}), None, f"<{name}>", value)
        if get:
            target = self.targets.get(rule.endpoint, Target())
            for name in sorted(target.query | set(COMMON_QUERY)):
                for value in self.sample():
                    self.send(
                        rule, "GET", f"{self.url(rule)}?{quote(name)}={value.encoded}", None, name, value
                    )
        if post:
            fields = self.fields(rule.endpoint)
            for name in fields:
                for value in self.sample():
                    body = self.body({**self.encoded(fields), name: value.encoded})
                    self.send(rule, "POST", self.url(rule), body, name, value)
            self.specials(rule, fields)

    def specials(self, rule: Rule, fields: dict[str, str]) -> None:
        url = self.url(rule)
        doubled = self.body(self.encoded(fields)) + "".join(
            f"&{quote(name, safe='')}={self.rng.choice(HOSTILE).encoded}" for name in fields
        )
        self.send(rule, "POST", url, doubled, "every field twice", Value("doubled", ""))
        as_json: dict[str, Any] = {
            name: self.rng.choice([[1, "a"], {"a": None}, 12345, None, True, 1e308]) for name in fields
        }
        as_json["csrf_token"] = self.token
        self.request(
            rule,
            "POST",
            url,
            "JSON body",
            json.dumps(as_json),
            content_type="application/json",
            headers={"X-CSRFToken": self.token},  # so that it gets past CSRF, as a script's would
        )
        raw = b"csrf_token=" + self.token.encode() + b"&\xff\xfe=\xed\xa0\x80"
        self.request(rule, "POST", url, "not UTF-8", raw, content_type="application/x-www-form-urlencoded")
        multipart: dict[str, Any] = {name: (value or "x") for name, value in fields.items()}
        multipart["csrf_token"] = self.token
        multipart["file"] = (io.BytesIO(b"username,display_name\n"), "a\x00b\x1b.csv")
        self.request(rule, "POST", url, "hostile file name", multipart, content_type="multipart/form-data")

    # -- building requests -------------------------------------------------------------------
    def sample(self) -> list[Value]:
        """The values for the next field: all of them (deep), or the next few of a shuffled round,
        so that a sampled walk still sends every value, each to many different fields."""
        if self.per_field is None or self.per_field >= len(HOSTILE):
            return list(HOSTILE)
        out = []
        while len(out) < self.per_field:
            if not self._round:
                self._round = self.rng.sample(HOSTILE, len(HOSTILE))
            value = self._round.pop()
            if value not in out:
                out.append(value)
        return out

    def url(self, rule: Rule, replaced: dict[str, Value] | None = None) -> str:
        values = {**self.args_for(rule), **(replaced or {})}
        out = rule.rule
        for name in rule.arguments:
            value = values[name]
            encoded = value.encoded if isinstance(value, Value) else quote(str(value), safe="/")
            out = re.sub(rf"<(?:[a-z]+(?:\([^)]*\))?:)?{name}>", lambda _m, e=encoded: e, out)
        return out

    def args_for(self, rule: Rule) -> dict[str, Any]:
        args = dict(self.args.get("*", {}))
        for prefix, extra in self.args.items():
            if prefix != "*" and rule.endpoint.startswith(prefix):
                args.update(extra)
        return {name: args.get(name, "1") for name in rule.arguments}

    def fields(self, endpoint: str) -> dict[str, str]:
        names: dict[str, str] = {}
        for form_class in self.forms.get(endpoint, []):
            for name in form_fields(form_class):
                names[name] = DEFAULTS.get(name, "x")
        for name, default in self.targets.get(endpoint, Target()).form.items():
            if name != "csrf_token":
                names.setdefault(name, default if default != "" else DEFAULTS.get(name, ""))
        return names

    def encoded(self, fields: dict[str, str]) -> dict[str, str]:
        return {k: quote(v, safe="") for k, v in fields.items()}

    def body(self, encoded_fields: dict[str, str]) -> str:
        pairs = [("csrf_token", quote(self.token, safe="")), *encoded_fields.items()]
        return "&".join(f"{quote(k, safe='')}={v}" for k, v in pairs)

    def send(self, rule: Rule, method: str, url: str, body: str | None, where: str, value: Value) -> None:
        if method == "GET":
            self.request(rule, "GET", url, where, None, label=value.label)
        else:
            data = body if body is not None else self.body(self.encoded(self.fields(rule.endpoint)))
            self.request(
                rule,
                "POST",
                url,
                where,
                data.encode("ascii"),
                label=value.label,
                content_type="application/x-www-form-urlencoded",
            )

    def request(
        self,
        rule: Rule,
        method: str,
        url: str,
        where: str,
        data: Any,
        *,
        label: str = "",
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"method": method, "headers": headers or {}}
        if data is not None:
            kwargs["data"] = data
        if content_type:
            kwargs["content_type"] = content_type
        response = self.client.open(url, **kwargs)
        response.close()
        self.report.requests += 1
        self.report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.report.findings.append(
                Finding(rule.endpoint, method, where, label or where, response.status_code)
            )

    # -- discovery ---------------------------------------------------------------------------
    def refresh_token(self) -> None:
        page = self.client.get("/account" if self.signed_in() else "/login").get_data(as_text=True)
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
        self.token = found.group(1) if found else ""

    def signed_in(self) -> bool:
        return self.client.get("/account").status_code == 200

    def discover(self, url: str) -> None:
        response = self.client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            return
        parser = _Forms()
        parser.feed(response.get_data(as_text=True))
        here = urlsplit(url).path
        for method, action, fields in parser.forms:
            path = urlsplit(action).path or here
            endpoint = self.endpoint_of(path, "POST" if method == "post" else "GET")
            if endpoint is None:
                continue
            target = self.targets.setdefault(endpoint, Target())
            if method == "post":
                for name, default in fields.items():
                    target.form.setdefault(name, default)
            else:
                target.query |= set(fields)
        for href in parser.links:
            parts = urlsplit(href)
            endpoint = self.endpoint_of(parts.path or here, "GET")
            if endpoint is not None and parts.query:
                self.targets.setdefault(endpoint, Target()).query |= {k for k, _v in parse_qsl(parts.query)}

    def endpoint_of(self, path: str, method: str) -> str | None:
        try:
            endpoint, _args = self.adapter.match(path, method=method)
        except Exception:  # noqa: BLE001 - not a route of ours (or another method): nothing to learn
            return None
        return str(endpoint)


def stored_text(app: Flask) -> Iterator[tuple[str, str, str]]:
    """(table, column, text) for every text value stored, the strings inside JSON values included."""
    from sqlalchemy import JSON, String, Text, select

    from learnlab.db import db
    from learnlab.models import Base

    def leaves(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield str(k)
                yield from leaves(v)
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v)

    with app.app_context():
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            for row in db.session.execute(select(*columns)) if columns else ():
                for column, value in zip(columns, row, strict=True):
                    for text in leaves(value):
                        yield table.name, column.name, text
