"""Under ``-n 2``: every test of one browser server on one worker, so each server starts once.

pytest-xdist's ``loadgroup`` names a test's group by suffixing its node id from the
``xdist_group`` marker, which pytest 9.2 no longer lets it do (the suffix is silently lost and the
tests spread over every worker, each starting its own server). This scheduler keeps loadgroup's
behaviour but reads the group from the test's path: the course server's tests form one group, the
XSS corpus server's another, and every other test is on its own, as with ``--dist=load``.
"""

from __future__ import annotations

from xdist.scheduler import LoadScopeScheduling

E2E = "tests/e2e/"
XSS = "tests/e2e/test_xss_in_browser.py"


class BrowserGroupScheduling(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        if "@" in nodeid:  # an xdist_group suffix, should xdist manage to set one again
            return nodeid.rsplit("@", 1)[-1]
        if nodeid.startswith(XSS):
            return "e2e-xss"
        if nodeid.startswith(E2E):
            return "e2e"
        return nodeid
