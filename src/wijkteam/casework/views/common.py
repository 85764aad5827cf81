from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from wijkteam.accounts.models import Membership, SecrecyStatus, User
from wijkteam.casework import selectors
from wijkteam.casework.models import Trajectory
from wijkteam.households.models import Household
from wijkteam.privacy.policy import Actor


def work_trajectory(request: HttpRequest, household_id: int) -> tuple[Actor, Trajectory]:
    """The household's trajectory for an involved professional; 404 for everybody else."""
    actor = Actor.from_request(request)
    # A page that shows the file's content (GET) is a logged read.
    return actor, selectors.trajectory_for_work(
        actor=actor, household_id=household_id, log=request.method == "GET"
    )


def colleagues(household: Household) -> QuerySet[User]:
    """Professionals of the owning team who may own actions or be involved."""
    today = timezone.localdate()
    ids = (
        Membership.objects.active(today)
        .filter(team_id=household.team_id, secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name")
