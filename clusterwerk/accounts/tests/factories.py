"""Small builders for account test data (plain functions, no factory framework)."""

from allauth.account.models import EmailAddress

from clusterwerk.accounts.models import RoleAssignment, User
from clusterwerk.core.models import Cluster

# Passes the project's password validators (length, common, numeric, similarity).
ACCOUNT_PASSWORD = "Werkhalle-Schweissnaht-2026"


def make_account(email: str, *, password: str = ACCOUNT_PASSWORD, **extra) -> User:
    return User.objects.create_user(email=email, password=password, **extra)


def give_role(user: User, cluster: Cluster, role: str) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, cluster=cluster, role=role)


def mark_email_verified(user: User) -> EmailAddress:
    """What allauth stores once the person has clicked the confirmation link."""
    return EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def make_superuser(email: str, *, password: str = ACCOUNT_PASSWORD, **extra) -> User:
    return User.objects.create_superuser(email=email, password=password, **extra)
