from django.db import migrations

PROBLEM_TYPES = [
    ("embezzlement", "贪污侵占"),
    ("withholding", "截留挪用"),
    ("false_claims", "虚报冒领"),
    ("favoritism", "优亲厚友"),
    ("extortion", "吃拿卡要"),
    ("fund_misuse", "违规借用/使用资金"),
    ("formalism", "形式主义官僚主义(弄虚作假、不作为、慢作为、乱作为)"),
    ("dereliction", "失职失责/监管不到位"),
    ("eight_rules", "违反中央八项规定精神"),
    ("village_bully", "村霸/涉黑涉恶"),
    ("other", "其他"),
]


def seed(apps, schema_editor):
    ProblemType = apps.get_model("clues", "ProblemType")
    for order, (code, name) in enumerate(PROBLEM_TYPES, start=1):
        ProblemType.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("clues", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
