"""The ``frontdesk`` command: the GUI by default, plus demo, find, import, export, audit, key, enroll and sync.

Commands that write as a clerk (import, export) take ``--user`` and read the password from the
FRONTDESK_PASSWORD environment variable or ask for it.
"""

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from app.core.errors import FrontDeskError
from app.core.paths import default_data_dir, demo_data_dir, demo_is_ready


def _data_dir(args) -> Path:
    return Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()


def _login(desk, username: str):
    from app.ops.clerks import authenticate

    password = os.environ.get("FRONTDESK_PASSWORD")
    if password is None:
        password = getpass.getpass(f"{username} 的密码：")
    return authenticate(desk.engine, username, password, max_failed=desk.settings.get("security.max_failed_logins"))


def cmd_gui(args) -> int:
    if args.self_test:
        from app.gui.self_test import run_self_test

        return run_self_test()
    from app.gui.main import run_gui

    if args.demo:
        data_dir = Path(args.data_dir).expanduser() if args.data_dir else demo_data_dir()
        if not demo_is_ready(data_dir):  # (checked without the store, so a ready demo starts as fast as any desk)
            from app.ops.demo import ensure_demo

            ensure_demo(data_dir, progress=lambda text: print(text, flush=True))
    else:
        data_dir = _data_dir(args)
    return run_gui(data_dir)


def cmd_demo(args) -> int:
    from app.ops.demo import generate_demo

    summary = generate_demo(_data_dir(args), units=args.units, seed=args.seed,
                            progress=lambda text: print(text, flush=True))
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def cmd_find(args) -> int:
    from app.ops.desk import open_desk
    from app.store.search import search

    desk = open_desk(_data_dir(args))
    try:
        hits = search(desk.engine, args.query, cipher=desk.cipher, limit=desk.settings.get("search.max_results"))
    finally:
        desk.close()
    if args.json:
        print(json.dumps([hit.as_dict() for hit in hits], ensure_ascii=False, indent=2))
    else:
        for hit in hits:
            people = "、".join(f"{m.name}（{m.role_label}）" for m in hit.people) or "—"
            print(f"{hit.unit_code}\t{people}\t{hit.why}")
        if not hits:
            print("没有找到匹配的住户")
    return 0


def cmd_import(args) -> int:
    from app.ops.desk import open_desk
    from app.ops.roster import check_roster, import_roster, read_roster

    desk = open_desk(_data_dir(args))
    try:
        actor = _login(desk, args.user)
        if args.check:
            rows = read_roster(Path(args.file), max_rows=desk.settings.get("roster.max_import_rows"))
            check = check_roster(desk, rows)
        else:
            report = import_roster(desk, actor, Path(args.file))
    finally:
        desk.close()
    if args.check:
        for problem in check.problems:
            print(f"第{problem.line}行：{problem.reason}", file=sys.stderr)
        print(f"检查完成（未写入任何数据）：共 {len(rows)} 行，{len(check.good)} 行可以导入，"
              f"{len(check.problems)} 行有问题。")
        return 1 if check.problems else 0
    for problem in report.problems:
        print(f"第{problem.line}行：{problem.reason}", file=sys.stderr)
    if report.problems:
        print(f"有 {len(report.problems)} 行无法导入；其余 {report.imported} 行已导入。" if report.imported
              else "没有导入任何行。", file=sys.stderr)
        return 1
    print(f"已导入 {report.imported} 行。")
    return 0


def cmd_export(args) -> int:
    from app.ops.desk import open_desk
    from app.ops.roster import export_roster, write_template

    if args.template:
        write_template(Path(args.file))
        print(f"已写出空白名册模板 {args.file}")
        return 0
    desk = open_desk(_data_dir(args))
    try:
        count = export_roster(desk, _login(desk, args.user), Path(args.file), unmask=args.unmask_ids)
    finally:
        desk.close()
    print(f"已导出 {count} 行到 {args.file}")
    return 0


def cmd_audit_verify(args) -> int:
    from app.ops.desk import open_desk
    from app.store.audit import verify_chain

    desk = open_desk(_data_dir(args))
    try:
        report = verify_chain(desk.engine)
    finally:
        desk.close()
    if report.ok:
        print(f"审计日志完整：共 {report.entries} 条，哈希链校验通过。")
        return 0
    print(f"审计日志被篡改：第 {report.first_broken_seq} 条起校验失败（{report.reason}）。", file=sys.stderr)
    return 2


def cmd_key(args) -> int:
    from app.core.keystore import export_key, import_key

    data_dir = _data_dir(args)
    if args.action == "export":
        print(export_key(data_dir))
    else:
        import_key(data_dir, sys.stdin.readline())
        print("密钥已导入。")
    return 0


def cmd_enroll(args) -> int:
    from app.ops.desk import open_desk
    from app.sync.enroll import enroll
    from app.sync.instance_lock import InstanceLock

    data_dir = _data_dir(args)
    with InstanceLock(data_dir):
        desk = open_desk(data_dir)
        try:
            actor = None if desk.needs_first_run() else _login(desk, args.user)
            report = enroll(desk, args.server, args.code, actor=actor, device_name=args.name or "",
                            progress=lambda text: print(text, flush=True))
        finally:
            desk.close()
    how = {"upload": "本机数据已上传为该小区的初始数据", "bootstrap": "已从服务器下载该小区的数据"}.get(report.mode, "")
    print(f"已加入服务器：{report.property_name}（{report.property_code}），本机终端号 {report.terminal_code}。{how}")
    return 0


def cmd_sync(args) -> int:
    from app.ops.desk import open_desk
    from app.sync.instance_lock import InstanceLock
    from app.sync.rounds import sync_round
    from app.sync.state import status_lines

    data_dir = _data_dir(args)
    with InstanceLock(data_dir):
        desk = open_desk(data_dir)
        try:
            report = sync_round(desk, progress=(lambda _text: None) if args.json else
                                (lambda text: print(text, flush=True)))
        finally:
            desk.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        if report.ok:
            pushed, pulled = report.pushed, report.pulled
            print(f"同步完成：上传 {pushed.sent} 条操作（新 {pushed.applied}，重复 {pushed.duplicate}，"
                  f"被拒 {pushed.rejected}），收到 {pulled.changes} 条变更。")
        for line in status_lines(report.status):
            print(line)
    if not report.ok:
        print(f"同步失败：{report.error}", file=sys.stderr)
        return 2 if report.error_code == "unreachable" else 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontdesk", description="FrontDesk 物业服务中心前台")
    parser.add_argument("--data-dir", help="数据目录（默认：系统的用户数据目录）")
    parser.add_argument("--demo", action="store_true", help="打开示范小区（首次使用时生成）")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)  # installer/bundle check
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(dest="command")

    def sub(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--data-dir", help="数据目录", default=argparse.SUPPRESS)
        command.set_defaults(handler=handler)
        return command

    demo = sub("demo", cmd_demo, "生成示范小区数据")
    demo.add_argument("--units", type=int, default=5000, help="户数（默认 5000）")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成相同数据）")

    find = sub("find", cmd_find, "搜索住户（与界面搜索框相同）")
    find.add_argument("query")
    find.add_argument("--json", action="store_true")

    for name, handler, help_text in (("import", cmd_import, "导入住户名册（.xlsx / .csv）"),
                                     ("export", cmd_export, "导出住户名册（.xlsx / .csv）")):
        command = sub(name, handler, help_text)
        command.add_argument("file")
        command.add_argument("--user", default="admin", help="操作员账号（密码取自 FRONTDESK_PASSWORD 或提示输入）")
        if name == "export":
            command.add_argument("--unmask-ids", action="store_true", help="导出完整证件号（需权限，留痕）")
            command.add_argument("--template", action="store_true", help="只写出空白名册模板（含两行示例）")
        else:
            command.add_argument("--check", action="store_true", help="只检查、列出问题行，不导入")

    audit = sub("audit", cmd_audit_verify, "审计日志")
    audit.add_argument("action", choices=["verify"])

    key = sub("key", cmd_key, "备份或恢复本数据目录的加密密钥")
    key.add_argument("action", choices=["export", "import"])

    enroll = sub("enroll", cmd_enroll, "把本机加入中心服务器（一次性登记码）")
    enroll.add_argument("--server", required=True, help="服务器地址，例如 http://192.168.1.10:8470")
    enroll.add_argument("--code", required=True, help="服务器管理员给出的一次性登记码")
    enroll.add_argument("--name", help="本机名称（默认：计算机名）")
    enroll.add_argument("--user", default="admin", help="本机已有数据时：管理员账号（密码取自 FRONTDESK_PASSWORD 或提示输入）")

    sync = sub("sync", cmd_sync, "与服务器同步一次并显示状态")
    sync.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    try:
        return args.handler(args)
    except FrontDeskError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
