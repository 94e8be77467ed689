from ninja import Router

router = Router(tags=["Cross Cluster"])
