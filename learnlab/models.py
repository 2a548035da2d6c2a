"""Every table, imported in one place so that Alembic and create_all see the whole schema."""

from learnlab.admin.models import Cohort, CohortMember, CohortModule, CohortTrainer
from learnlab.audit import AuditEvent
from learnlab.auth.models import PasswordResetToken, User, UserSession
from learnlab.certificates.models import Certificate, CertificateSetting
from learnlab.db import Base
from learnlab.learn.check_tries import CheckTry
from learnlab.offline.models import OfflineEvent
from learnlab.progress.models import ModuleProgress, SectionProgress
from learnlab.quiz.diagnostic_records import DiagnosticAttempt, DiagnosticScore
from learnlab.quiz.records import AttemptAnswer, QuizAttempt

__all__ = [
    "AttemptAnswer",
    "AuditEvent",
    "Base",
    "CheckTry",
    "Certificate",
    "CertificateSetting",
    "Cohort",
    "CohortMember",
    "CohortModule",
    "CohortTrainer",
    "DiagnosticAttempt",
    "DiagnosticScore",
    "ModuleProgress",
    "OfflineEvent",
    "PasswordResetToken",
    "QuizAttempt",
    "SectionProgress",
    "User",
    "UserSession",
]
