from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_data(request):
    return render(request, "accounts/my_data.html", {})
