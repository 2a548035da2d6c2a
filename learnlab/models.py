"""Every table, imported in one place so that Alembic and create_all see the whole schema."""

from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.audit import AuditEvent
from learnlab.auth.models import PasswordResetToken, User, UserSession
from learnlab.certificates.models import Certificate, CertificateSetting
from learnlab.db import Base
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.records import AttemptAnswer, QuizAttempt

__all__ = [
    "AttemptAnswer",
    "AuditEvent",
    "Base",
    "Certificate",
    "CertificateSetting",
    "Cohort",
    "CohortMember",
    "CohortModule",
    "CohortTrainer",
    "ModuleProgress",
    "PasswordResetToken",
    "QuizAttempt",
    "SectionProgress",
    "User",
    "UserSession",
]
