from ninja import Router

router = Router(tags=["attendance"])
reports_router = Router(tags=["reports"])
