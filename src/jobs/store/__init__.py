"""The store: SQLAlchemy models, the engine and session set-up, and Alembic migrations."""

from jobs.store.applications import ApplicationStep, ReadinessItem
from jobs.store.audit import AuditEvent, Consent
from jobs.store.base import Base
from jobs.store.child_places import ChildPlaceRow
from jobs.store.drafts import FormDraft
from jobs.store.employers import Employer, EmployerAlias
from jobs.store.geocodes import GeocodedPlace
from jobs.store.matches import Match, MatchSummary
from jobs.store.messages import InboundMessage, OutboxMessage, ParticipantContact
from jobs.store.outcomes import CustodyEvent, Enrollment, ProgramProjection, ProgramSetting
from jobs.store.participants import CriminalRecord, Participant, Supervision
from jobs.store.people import ROLES, CaseloadAssignment, EmployerMember, User
from jobs.store.placements import Checkpoint, Placement
from jobs.store.portal import Disclosure, HiringRules, Interest, Referral
from jobs.store.postings import Extraction, Posting, QuarantinedRecord, Source, SyncRun
from jobs.store.rate_limits import RateCount
from jobs.store.reach import InterviewRequest, SignInLink, StaffContact
from jobs.store.sessions import ApiToken, SignInFailure, WebSession
from jobs.store.taxonomy import TaxonomyTerm
from jobs.store.work_leases import WorkLease

metadata = Base.metadata

__all__ = [
    "ROLES",
    "ApiToken",
    "ApplicationStep",
    "AuditEvent",
    "Base",
    "CaseloadAssignment",
    "Checkpoint",
    "ChildPlaceRow",
    "Consent",
    "CriminalRecord",
    "CustodyEvent",
    "Disclosure",
    "Employer",
    "EmployerAlias",
    "EmployerMember",
    "Enrollment",
    "Extraction",
    "FormDraft",
    "GeocodedPlace",
    "HiringRules",
    "InboundMessage",
    "Interest",
    "InterviewRequest",
    "Match",
    "MatchSummary",
    "OutboxMessage",
    "Participant",
    "ParticipantContact",
    "Placement",
    "Posting",
    "ProgramProjection",
    "ProgramSetting",
    "QuarantinedRecord",
    "RateCount",
    "ReadinessItem",
    "Referral",
    "SignInFailure",
    "SignInLink",
    "Source",
    "StaffContact",
    "Supervision",
    "SyncRun",
    "TaxonomyTerm",
    "User",
    "WebSession",
    "WorkLease",
    "metadata",
]
