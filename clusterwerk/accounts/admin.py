from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterwerk.accounts.models import RoleAssignment, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("Unter dieser E-Mail-Adresse ist bereits ein Konto registriert."),
                code="email_taken",
            )
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("Unter dieser E-Mail-Adresse ist bereits ein Konto registriert."),
                code="email_taken",
            )
        return email


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("cluster", "role", "assigned_at")
    readonly_fields = ("assigned_at",)
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Name"), {"fields": ("display_name", "first_name", "last_name")}),
        (
            _("Berechtigungen"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Wichtige Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = (
        "email",
        "display_name",
        "first_name",
        "last_name",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        "role_assignments__role",
        "role_assignments__cluster",
    )
    search_fields = ("email", "display_name", "first_name", "last_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    inlines = [RoleAssignmentInline]

    def get_inlines(self, request, obj):
        # Roles are assigned once the account exists (the add form only asks for e-mail and
        # password, like Django's own user admin).
        return self.inlines if obj is not None else []


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "cluster", "role", "assigned_at")
    list_filter = ("role", "cluster")
    search_fields = ("user__email", "user__display_name", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "cluster")
    ordering = ("cluster__name", "role", "user__email")
    date_hierarchy = "assigned_at"
