"""Every table, imported in one place so that Alembic and create_all see the whole schema."""

from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.audit import AuditEvent
from learnlab.auth.models import PasswordResetToken, User, UserSession
from learnlab.db import Base
from learnlab.offline.models import OfflineEvent
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt

__all__ = [
    "AttemptAnswer",
    "AuditEvent",
    "Base",
    "Cohort",
    "CohortMember",
    "CohortModule",
    "CohortTrainer",
    "ModuleProgress",
    "OfflineEvent",
    "PasswordResetToken",
    "QuizAttempt",
    "SectionProgress",
    "User",
    "UserSession",
]
