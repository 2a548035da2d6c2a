"""Templates' url_for remembers addresses per worker, and never gives one built for another mount."""

from __future__ import annotations

from learnlab.templating import memoised_url_for


def test_remembered_addresses_are_the_ones_flask_builds(app):
    url_for = memoised_url_for(app)
    with app.test_request_context("/"):
        first = url_for("learn.section", slug="beta", section_id="first")
        assert first == app.url_for("learn.section", slug="beta", section_id="first")
        assert url_for("learn.section", slug="beta", section_id="first") == first
        assert url_for("learn.section", slug="beta", section_id="second").endswith("/second")
        assert url_for("learn.section", slug="beta", section_id="first", _anchor="progress").endswith(
            "first#progress"
        )
    # The same app mounted under a prefix (SCRIPT_NAME) builds, and remembers, its own addresses.
    with app.test_request_context("/", base_url="http://localhost/learnlab/"):
        assert url_for("learn.section", slug="beta", section_id="first") == "/learnlab" + first
