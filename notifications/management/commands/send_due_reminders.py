import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications import reminders


class Command(BaseCommand):
    help = "扫描到期、逾期事项并发送提醒（每条提醒只发一次，可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期扫描（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
        result = reminders.scan(today=today)
        self.stdout.write(
            f"新增提醒 {len(result.created)} 条，重发待发送 {len(result.redelivered)} 条，完成发送 {result.sent} 条。"
        )
