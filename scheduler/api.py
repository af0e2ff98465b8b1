"""The one NinjaAPI. Every app contributes a Router from its own api.py."""



from attendance.api import reports_router
from attendance.api import router as attendance_router
from attendance.outcome_api import router as outcomes_router
from attendance.voice_api import router as voice_report_router
from creche.api import router as creche_router
from notifications.api import router as notifications_router
from programmes.api import router as programmes_router
from programmes.measure_api import router as questionnaires_router
from programmes.voice_api import router as voice_router
from scheduler.calendar.api import router as calendar_router
from scheduler.platform.access_log_api import router as access_log_router
from scheduler.platform.accounts_api import router as accounts_router
from scheduler.platform.auth import API_AUTH, login_required_json
from scheduler.platform.errors import install_error_handlers
from scheduler.platform.openapi import DocumentedAPI

api = DocumentedAPI(
    title="Groupwork API",
    version="1",
    description="Group programmes, registers, crèche and safe-contact reminders.",
    auth=API_AUTH,
    docs_decorator=login_required_json,
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("/", accounts_router)
api.add_router("/", access_log_router)
api.add_router("/", programmes_router)
api.add_router("/", questionnaires_router)
api.add_router("/", voice_router)
api.add_router("/", calendar_router)
api.add_router("/", attendance_router)
api.add_router("/reports", reports_router)
api.add_router("/reports", outcomes_router)
api.add_router("/reports", voice_report_router)
api.add_router("/creche", creche_router)
api.add_router("/notifications", notifications_router)
