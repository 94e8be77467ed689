from django.shortcuts import render


def landing(request):
    return render(request, "masterplan/landing.html", {})


def published(request, cluster_slug):
    return render(request, "masterplan/landing.html", {})


def search(request, cluster_slug):
    return render(request, "masterplan/landing.html", {})
