"""Build small documents in the Tika text form for parser tests."""


def table(*rows: list[str]) -> str:
    """Rows as Tika prints them: a blank line after each row, and one more after the table."""
    return "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows) + "\n"


def standard_table(title: str, caption: list[str], header: list[list[str]], body: list[list[str]]) -> str:
    width = len(body[0]) if body else len(header[-1])
    stub = ["栏次"] + [str(i) for i in range(1, width)]
    return f"{title}\n" + table(caption, *header, stub, *body)


def gpb_basic(caption=None, body=None, title="部门预算一般公共预算财政拨款基本支出表") -> str:
    return standard_table(
        title,
        caption or ["455沧州渤海新区南大港产业园区综合治理办公室", "预算年度：2021", "单位：万元"],
        [["序号", "支出部门经济分类科目", "一般公共预算基本支出"], ["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"]],
        body if body is not None else [["1", "", "合计", "69.88", "61.17", "8.71"], ["2", "301", "工资福利支出", "49.13", "49.13", ""]],
    )
