from ninja import Router

router = Router(tags=["Clusterprofil und offene Daten"])
