import pytest
from django.core.management import CommandError, call_command

from people.models import User
from zones.models import Township


@pytest.mark.django_db
def test_seed_demo_is_refused_in_production_mode(settings):
    settings.QINGFENG_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="生产模式下不允许载入演示数据"):
        call_command("seed_demo")
    assert not Township.objects.exists()
    assert not User.objects.exists()
