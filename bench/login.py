"""Log a member of staff in with both steps done, for the benchmarks' staff scenarios
(bench/settings.py says why this is safe: loopback only, never in the app's own URLs)."""

from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


@csrf_exempt
@require_POST
def staff_login(request: HttpRequest) -> HttpResponse:
    user = get_user_model().objects.get(username=request.POST["username"], is_active=True)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench",
                                                 defaults={"confirmed": True})
    login(request, user, backend="accounts.backends.ModelBackendOneQuery")
    otp_login(request, device)
    return HttpResponse("logged in")
