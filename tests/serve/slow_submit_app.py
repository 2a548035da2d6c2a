"""The real app, with one pause inside a quiz submission: for the SIGKILL test only.

The pause comes after the attempt has been graded and closed, its answers scored and the
trainee's progress updated, all flushed but not committed: the worst moment for a worker to die.
The worker writes its pid to $PAUSE_MARKER and sleeps; the test kills it there. Only the first
submission pauses (the marker then exists), so the retry after the kill goes through.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from learnlab import create_app
from learnlab.progress import service

_record_quiz_result = service.record_quiz_result


def _record_then_pause(*args, **kwargs):  # type: ignore[no-untyped-def]
    _record_quiz_result(*args, **kwargs)
    marker = Path(os.environ["PAUSE_MARKER"])
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        time.sleep(25)


service.record_quiz_result = _record_then_pause
app = create_app()
