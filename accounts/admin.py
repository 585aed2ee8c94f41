from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Training", {"fields": ("display_name", "unit", "weekly_target", "experience")}),
    )
    list_display = ("username", "email", "display_name", "experience", "is_staff")
