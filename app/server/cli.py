"""The ``frontdesk-server`` command: create or upgrade the database, serve, enroll desks, manage devices,
properties and the review queue. The database is ``--db URL`` (PostgreSQL or SQLite), else $FRONTDESK_SERVER_DB,
else a SQLite file in the server's data folder."""

import argparse
import getpass
import os
import sys
import uuid

from app.core.errors import FrontDeskError

ADMIN_PASSWORD_ENV = "FRONTDESK_SERVER_ADMIN_PASSWORD"


def _engine(args):
    from app.server.config import database_url, make_engine

    return make_engine(database_url(args.db))


def _require_current_schema(engine) -> None:
    from app.store.migrate import current_revision, head_revision

    if current_revision(engine) != head_revision():
        raise FrontDeskError("数据库尚未初始化或需要升级：请先运行 frontdesk-server init",
                             "The database is not at the current schema: run frontdesk-server init")


def cmd_init(args) -> int:
    from app.server.config import database_url
    from app.store.migrate import current_revision, upgrade_to_head

    engine = _engine(args)
    before = current_revision(engine)
    upgrade_to_head(engine, search_index=False)
    print(f"数据库已就绪（{_safe(database_url(args.db))}）：版本 {before or '空'} → {current_revision(engine)}")
    return 0


def _safe(url: str) -> str:
    """The URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def cmd_serve(args) -> int:
    import os

    import uvicorn

    from app.server.app import create_app
    from app.server.config import DB_ENV, database_url

    engine = _engine(args)
    _require_current_schema(engine)
    if args.workers <= 1:
        uvicorn.run(create_app(engine), host=args.host, port=args.port, log_level=args.log_level)
        return 0
    # Several processes on one socket (the server keeps nothing between requests): each worker builds its own
    # app and engine from the database URL.
    engine.dispose()
    os.environ[DB_ENV] = database_url(args.db)
    uvicorn.run("app.server.app:app_from_environment", factory=True, workers=args.workers, host=args.host,
                port=args.port, log_level=args.log_level)
    return 0


def cmd_enroll(args) -> int:
    from app.server.devices import issue_enrollment_code

    engine = _engine(args)
    _require_current_schema(engine)
    issued = issue_enrollment_code(engine, args.property, args.terminal, valid_hours=args.valid_hours)
    print(f"小区 {issued.property_code} 收银台 {issued.terminal_code} 的一次性登记码：{issued.code}")
    print(f"有效期至 {issued.expires_at:%Y-%m-%d %H:%M} UTC；在前台“设置 → 连接服务器”中输入，或运行")
    print(f"  frontdesk enroll --server URL --code {issued.code}")
    return 0


def cmd_devices(args) -> int:
    from app.server.devices import list_devices, revoke_device

    engine = _engine(args)
    _require_current_schema(engine)
    if args.action == "revoke":
        if not args.property or not args.terminal:
            raise FrontDeskError("停用设备需要 --property 和 --terminal", "revoke needs --property and --terminal")
        device = revoke_device(engine, args.property, args.terminal)
        print(f"已停用 {args.property.upper()} {device.terminal_code}（设备 {device.id}）")
        return 0
    rows = list_devices(engine, args.property)
    for device, code in rows:
        state = f"已停用 {device.revoked_at:%Y-%m-%d}" if device.revoked_at else "使用中"
        seen = f"{device.last_seen_at:%Y-%m-%d %H:%M}" if device.last_seen_at else "—"
        print(f"{code}\t{device.terminal_code}\t{state}\t已同步至第 {device.last_seq} 号操作\t最近连接 {seen}"
              f"\t{device.name}\t{device.id}")
    if not rows:
        print("没有登记的设备")
    return 0


def cmd_review(args) -> int:
    from app.server.review import property_id_of, resolve, review_entries

    engine = _engine(args)
    _require_current_schema(engine)
    if args.action == "resolve":
        if not args.item or not args.note:
            raise FrontDeskError("处理待办需要事项编号和 --note", "resolve needs the item id and --note")
        resolve(engine, uuid.UUID(args.item), args.by or getpass.getuser(), args.note)
        print("已处理")
        return 0
    if not args.property:
        raise FrontDeskError("请用 --property 指定小区", "Name the property with --property")
    entries = review_entries(engine, property_id_of(engine, args.property), include_resolved=args.all)
    for entry in entries:
        done = f"已处理（{entry.resolved_by}：{entry.resolution}）" if entry.resolved_at else "待处理"
        print(f"{entry.id}\t{entry.created_at:%Y-%m-%d %H:%M}\t{entry.kind}\t{done}\t{entry.summary}")
    if not entries:
        print("没有待处理事项")
    return 0


def cmd_properties(args) -> int:
    from app.server.properties import AdminAccount, create_property, list_properties

    engine = _engine(args)
    _require_current_schema(engine)
    if args.action == "create":
        if not args.code or not args.name:
            raise FrontDeskError("新建小区需要 --code 和 --name", "create needs --code and --name")
        admin = None
        if args.admin:
            password = os.environ.get(ADMIN_PASSWORD_ENV) or getpass.getpass(f"{args.admin} 的密码：")
            admin = AdminAccount(args.admin, args.admin_name or "管理员", password)
        create_property(engine, args.code, args.name, args.address or "", admin)
        if admin is None:
            print(f"已新建小区 {args.code.upper()}：等待一台已有数据的前台带数据登记并上传（frontdesk-server enroll）")
        else:
            print(f"已新建小区 {args.code.upper()} 和管理员 {args.admin}：前台登记后即可下载数据")
        return 0
    for summary in list_properties(engine):
        state = "已初始化" if summary.initialized else "等待上传初始数据"
        print(f"{summary.code}\t{summary.name}\t{state}\t变更 {summary.change_seq} 条\t设备 {summary.devices} 台"
              f"\t{summary.id}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontdesk-server", description="FrontDesk 同步服务器")
    commands = parser.add_subparsers(dest="command", required=True)

    def sub(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        command = commands.add_parser(name, help=help_text)
        command.add_argument("--db", help="数据库 URL（postgresql://… 或 sqlite:///…）；默认取 $FRONTDESK_SERVER_DB 或服务器数据目录中的 SQLite 文件")
        command.set_defaults(handler=handler)
        return command

    sub("init", cmd_init, "创建或升级数据库")
    serve = sub("serve", cmd_serve, "启动同步服务")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.add_argument("--workers", type=int, default=1, help="服务进程数（PostgreSQL 时可多于 1，例如每个 CPU 核一个）")

    enroll = sub("enroll", cmd_enroll, "为一台前台生成一次性登记码")
    enroll.add_argument("--property", required=True, help="小区编码")
    enroll.add_argument("--terminal", help="收银台编号，如 T03（默认：下一个未用过的）；用过的编号不会再给")
    enroll.add_argument("--valid-hours", type=int, default=72, help="登记码有效小时数（默认 72）")

    devices = sub("devices", cmd_devices, "列出或停用设备")
    devices.add_argument("action", nargs="?", default="list", choices=["list", "revoke"])
    devices.add_argument("--property")
    devices.add_argument("--terminal")

    review = sub("review", cmd_review, "待处理事项：列出或处理")
    review.add_argument("action", nargs="?", default="list", choices=["list", "resolve"])
    review.add_argument("item", nargs="?", help="resolve：事项编号")
    review.add_argument("--property")
    review.add_argument("--all", action="store_true", help="包括已处理的")
    review.add_argument("--by", help="处理人（默认：当前系统用户）")
    review.add_argument("--note", help="处理结果")

    properties = sub("properties", cmd_properties, "小区：新建或列出")
    properties.add_argument("action", nargs="?", default="list", choices=["list", "create"])
    properties.add_argument("--code")
    properties.add_argument("--name")
    properties.add_argument("--address")
    properties.add_argument("--admin", help="同时新建的管理员账号（密码取自 $FRONTDESK_SERVER_ADMIN_PASSWORD 或提示输入）")
    properties.add_argument("--admin-name", help="管理员姓名")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except FrontDeskError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
