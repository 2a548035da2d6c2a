from datetime import UTC, datetime

from learnlab.progress import rules


def test_completion_needs_every_section_and_the_quiz():
    assert rules.meets_completion(3, 3, quiz_required=False, quiz_passed=False)
    assert not rules.meets_completion(2, 3, quiz_required=False, quiz_passed=False)
    assert not rules.meets_completion(3, 3, quiz_required=True, quiz_passed=False)
    assert rules.meets_completion(3, 3, quiz_required=True, quiz_passed=True)
    assert not rules.meets_completion(0, 0, quiz_required=False, quiz_passed=False)


def test_status_and_percent_count_the_quiz_as_a_step():
    s = rules.status(
        started=True,
        sections_done=3,
        sections_total=3,
        quiz_required=True,
        quiz_passed=False,
        completed_at=None,
    )
    assert s.state == rules.IN_PROGRESS and s.percent == 75
    done = rules.status(
        started=True,
        sections_done=2,
        sections_total=3,
        quiz_required=False,
        quiz_passed=False,
        completed_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert done.is_completed and done.percent == 100  # completion is kept when a section is added later
    fresh = rules.status(
        started=False,
        sections_done=0,
        sections_total=4,
        quiz_required=False,
        quiz_passed=False,
        completed_at=None,
    )
    assert fresh.state == rules.NOT_STARTED and fresh.percent == 0


def test_locks():
    assert rules.locked_by(["a", "b"], {"a"}) == ("b",)
    assert rules.locked_by([], set()) == ()
