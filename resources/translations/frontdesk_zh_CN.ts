<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountsTab</name>
    <message>
        <source>Tick at least one role.</source>
        <translation>请至少勾选一个角色。</translation>
    </message>
    <message>
        <source>The password has at least {count} characters.</source>
        <translation>密码至少 {count} 位。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;New account…</source>
        <translation>新建账号(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Roles…</source>
        <translation>角色(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Disable / enable</source>
        <translation>停用 / 启用(&amp;D)</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重置密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Locked (too many wrong passwords)</source>
        <translation>已锁定（密码错误次数过多）</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用自己的账号。</translation>
    </message>
    <message>
        <source>Disable the account of {name}? They will no longer be able to log in.</source>
        <translation>确定停用 {name} 的账号吗？停用后将无法登录。</translation>
    </message>
    <message>
        <source>Enable the account of {name} again?</source>
        <translation>确定重新启用 {name} 的账号吗？</translation>
    </message>
</context>
<context>
    <name>AddClerkDialog</name>
    <message>
        <source>New clerk account</source>
        <translation>新建操作员账号</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>账号(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Full name</source>
        <translation>姓名(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>确认密码(&amp;A)</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>请填写账号。</translation>
    </message>
    <message>
        <source>Enter the clerk&apos;s full name.</source>
        <translation>请填写操作员姓名。</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Supervisor approval</source>
        <translation>主管审批</translation>
    </message>
    <message>
        <source>This operation needs a supervisor&apos;s approval:</source>
        <translation>此操作需要主管审批：</translation>
    </message>
    <message>
        <source>Supervisor, please enter your username and password.</source>
        <translation>请主管输入账号和密码。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>The approval must come from another clerk, a supervisor.</source>
        <translation>审批须由另一位具有主管权限的人员进行。</translation>
    </message>
    <message>
        <source>{name} is not a supervisor and cannot approve.</source>
        <translation>{name} 不是主管，无权审批。</translation>
    </message>
</context>
<context>
    <name>AuthorizationDialog</name>
    <message>
        <source>Authorization for {unit}</source>
        <translation>{unit} 授权委托</translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>e.g. signed power of attorney, filed 2026-11-27</source>
        <translation>例如：业主签字的授权委托书，2026-11-27 存档</translation>
    </message>
    <message>
        <source>&amp;Grantor (owner)</source>
        <translation>委托人（业主）(&amp;G)</translation>
    </message>
    <message>
        <source>Grant&amp;ee</source>
        <translation>受托人(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Scope</source>
        <translation>授权范围(&amp;S)</translation>
    </message>
    <message>
        <source>Valid &amp;from</source>
        <translation>生效日期(&amp;F)</translation>
    </message>
    <message>
        <source>E&amp;vidence</source>
        <translation>凭证(&amp;V)</translation>
    </message>
    <message>
        <source>The unit has no owner registered to grant an authorization.</source>
        <translation>该房屋尚未登记业主，无法办理授权委托。</translation>
    </message>
    <message>
        <source>Tick at least one scope.</source>
        <translation>请至少勾选一项授权范围。</translation>
    </message>
    <message>
        <source>Describe the evidence (the signed document).</source>
        <translation>请填写凭证说明（签字的委托文件）。</translation>
    </message>
</context>
<context>
    <name>CredentialsForm</name>
    <message>
        <source>&amp;Username</source>
        <translation>账号(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Data: {folder}</source>
        <translation>数据目录：{folder}</translation>
    </message>
    <message>
        <source>Clerk: {name} ({roles})</source>
        <translation>操作员：{name}（{roles}）</translation>
    </message>
</context>
<context>
    <name>EndOccupancyDialog</name>
    <message>
        <source>End {name}&apos;s tie to {unit}</source>
        <translation>解除 {name} 与 {unit} 的关系</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>&amp;End date</source>
        <translation>解除日期(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>EnrollDialog</name>
    <message>
        <source>Join a server</source>
        <translation>接入服务器</translation>
    </message>
    <message>
        <source>This desk&apos;s data will be uploaded as the property&apos;s initial data on the server. Do this only for the property&apos;s first desk.</source>
        <translation>本前台的数据将作为本小区的初始数据上传到服务器。仅在本小区的第一台前台电脑上这样做。</translation>
    </message>
    <message>
        <source>The property&apos;s data will be downloaded from the server.</source>
        <translation>将从服务器下载本小区的数据。</translation>
    </message>
    <message>
        <source>&amp;Server address</source>
        <translation>服务器地址(&amp;S)</translation>
    </message>
    <message>
        <source>One-time &amp;code</source>
        <translation>一次性接入码(&amp;C)</translation>
    </message>
    <message>
        <source>This desk&apos;s &amp;name</source>
        <translation>本前台名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>接入(&amp;J)</translation>
    </message>
    <message>
        <source>Enter the server address and the one-time code.</source>
        <translation>请填写服务器地址和一次性接入码。</translation>
    </message>
    <message>
        <source>Connecting to {server}…</source>
        <translation>正在连接 {server}…</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>FrontDesk — first run</source>
        <translation>FrontDesk — 首次使用</translation>
    </message>
    <message>
        <source>This desk has no data yet. Enter the property it serves and create the administrator account.
Data folder: {folder}</source>
        <translation>本前台尚无数据。请填写所服务的小区，并创建管理员账号。
数据目录：{folder}</translation>
    </message>
    <message>
        <source>letters and digits, e.g. CHHY</source>
        <translation>字母和数字，例如 CHHY</translation>
    </message>
    <message>
        <source>Property &amp;code</source>
        <translation>小区编码(&amp;C)</translation>
    </message>
    <message>
        <source>Property &amp;name</source>
        <translation>小区名称(&amp;N)</translation>
    </message>
    <message>
        <source>Administrator &amp;username</source>
        <translation>管理员账号(&amp;U)</translation>
    </message>
    <message>
        <source>Administrator&apos;s &amp;full name</source>
        <translation>管理员姓名(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>确认密码(&amp;A)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>&amp;Join a server instead…</source>
        <translation>改为接入服务器(&amp;J)…</translation>
    </message>
    <message>
        <source>The property code is 2–16 letters or digits.</source>
        <translation>小区编码为 2–16 位字母或数字。</translation>
    </message>
    <message>
        <source>Enter the property&apos;s name.</source>
        <translation>请填写小区名称。</translation>
    </message>
    <message>
        <source>The username is 2–32 letters, digits, dots or underscores.</source>
        <translation>账号为 2–32 位字母、数字、点或下划线。</translation>
    </message>
    <message>
        <source>Enter the administrator&apos;s full name.</source>
        <translation>请填写管理员姓名。</translation>
    </message>
    <message>
        <source>The password has at least {count} characters.</source>
        <translation>密码至少 {count} 位。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>HouseholdPanel</name>
    <message>
        <source>Room (3-2-1501), name, initials (zs), phone, plate, ID number</source>
        <translation>房号（3-2-1501）、姓名、拼音首字母（zs）、电话、车牌、证件号</translation>
    </message>
    <message>
        <source>Showing the first {count} households — type more to narrow the search</source>
        <translation>仅显示前 {count} 户 — 请输入更多内容缩小范围</translation>
    </message>
    <message>
        <source>{count} households found — Enter opens the selected one</source>
        <translation>找到 {count} 户 — 按回车打开所选住户</translation>
    </message>
    <message>
        <source>No household matches “{text}”</source>
        <translation>没有与“{text}”匹配的住户</translation>
    </message>
</context>
<context>
    <name>LockCover</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>FrontDesk — log in</source>
        <translation>FrontDesk — 登录</translation>
    </message>
    <message>
        <source>Property service centre front desk</source>
        <translation>物业服务中心 · 客服前台</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>FrontDesk — {property}</source>
        <translation>FrontDesk — {property}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import household roster…</source>
        <translation>导入住户名册(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export household roster…</source>
        <translation>导出住户名册(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Lock the desk</source>
        <translation>锁定前台(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Join a server…</source>
        <translation>接入服务器(&amp;J)…</translation>
    </message>
    <message>
        <source>&amp;Review queue and rejected operations…</source>
        <translation>待处理事项与被拒绝的操作(&amp;R)…</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法完成操作</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>FrontDesk</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Front-desk note for {unit}</source>
        <translation>{unit} 前台备注</translation>
    </message>
    <message>
        <source>Write the note first.</source>
        <translation>请先填写备注内容。</translation>
    </message>
</context>
<context>
    <name>OpLogTab</name>
    <message>
        <source>Pending</source>
        <translation>待上传</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Op</source>
        <translation>操作代码</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>{pending} pending · {acked} acknowledged · {rejected} rejected (the newest {shown} are listed)</source>
        <translation>待上传 {pending} · 已确认 {acked} · 被拒绝 {rejected}（列出最近 {shown} 条）</translation>
    </message>
</context>
<context>
    <name>OpRunner</name>
    <message>
        <source>The operation failed unexpectedly: {error}</source>
        <translation>操作意外失败：{error}</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Edit {name} — {unit}</source>
        <translation>编辑 {name} — {unit}</translation>
    </message>
    <message>
        <source>Add a person to {unit}</source>
        <translation>为 {unit} 添加人员</translation>
    </message>
    <message>
        <source>Not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>Mainland travel permit (HK/Macao)</source>
        <translation>港澳居民来往内地通行证</translation>
    </message>
    <message>
        <source>Mainland travel permit (Taiwan)</source>
        <translation>台湾居民来往大陆通行证</translation>
    </message>
    <message>
        <source>Other document</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <source>{masked} (leave empty to keep)</source>
        <translation>{masked}（留空则不修改）</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Gender</source>
        <translation>性别(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>联系电话(&amp;P)</translation>
    </message>
    <message>
        <source>Document &amp;type</source>
        <translation>证件类型(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>证件号码(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>身份(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;lation</source>
        <translation>与业主关系(&amp;L)</translation>
    </message>
    <message>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <source>no unit</source>
        <translation>无房屋</translation>
    </message>
    <message>
        <source>This ID number is already registered to {name} ({units}). Add that person to {unit} instead of creating a new one?</source>
        <translation>该证件号码已登记在 {name}（{units}）名下。是否将此人添加到 {unit}，而不是新建一个人员？</translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>New password for {name}</source>
        <translation>为 {name} 设置新密码</translation>
    </message>
    <message>
        <source>New &amp;password</source>
        <translation>新密码(&amp;P)</translation>
    </message>
    <message>
        <source>Password &amp;again</source>
        <translation>确认密码(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Review queue and rejected operations</source>
        <translation>待处理事项与被拒绝的操作</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>提出时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Why the server refused it</source>
        <translation>服务器拒绝的原因</translation>
    </message>
    <message>
        <source>Review queue (server)</source>
        <translation>待处理事项（服务器）</translation>
    </message>
    <message>
        <source>Rejected on this desk</source>
        <translation>本前台被拒绝的操作</translation>
    </message>
    <message>
        <source>This desk is standalone: there is no review queue.</source>
        <translation>本前台为单机模式，没有待处理事项。</translation>
    </message>
    <message>
        <source>Loading from the server…</source>
        <translation>正在从服务器读取…</translation>
    </message>
    <message>
        <source>{open} open, {total} in all. Items are resolved on the server.</source>
        <translation>未处理 {open} 项，共 {total} 项。待处理事项在服务器上处理。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>Resolved: {how}</source>
        <translation>已处理：{how}</translation>
    </message>
    <message>
        <source>The review queue cannot be read now: {reason}</source>
        <translation>暂时无法读取待处理事项：{reason}</translation>
    </message>
</context>
<context>
    <name>RevokeAuthorizationDialog</name>
    <message>
        <source>Revoke an authorization</source>
        <translation>撤销授权委托</translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation>授权委托</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>Roles of {name}</source>
        <translation>{name} 的角色</translation>
    </message>
    <message>
        <source>&amp;Roles</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>You cannot take the administrator role from your own account.</source>
        <translation>不能取消自己账号的管理员角色。</translation>
    </message>
</context>
<context>
    <name>RosterFiles</name>
    <message>
        <source>Import household roster</source>
        <translation>导入住户名册</translation>
    </message>
    <message>
        <source>Rosters (*.xlsx *.csv);;Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>名册文件 (*.xlsx *.csv);;Excel 表格 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export household roster</source>
        <translation>导出住户名册</translation>
    </message>
    <message>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 表格 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export the full ID numbers? Without them the file holds masked numbers only. A full export is recorded in the audit log.</source>
        <translation>是否导出完整证件号码？否则文件中只有打码后的号码。导出完整号码会记入审计日志。</translation>
    </message>
    <message>
        <source>{count} rows exported to {file}.</source>
        <translation>已导出 {count} 行到 {file}。</translation>
    </message>
</context>
<context>
    <name>RosterImportDialog</name>
    <message>
        <source>Import roster — {file}</source>
        <translation>导入名册 — {file}</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Plates</source>
        <translation>车牌</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>The file cannot be imported.</source>
        <translation>该文件无法导入。</translation>
    </message>
    <message>
        <source>{good} rows are ready to import; {bad} rows have problems and will be skipped (shown in red with the reason).</source>
        <translation>{good} 行可以导入；{bad} 行有问题，将被跳过（以红色显示并注明原因）。</translation>
    </message>
    <message>
        <source>Import {count} rows</source>
        <translation>导入 {count} 行</translation>
    </message>
    <message>
        <source>{count} rows imported.</source>
        <translation>已导入 {count} 行。</translation>
    </message>
    <message>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <source>{count} rows were skipped:</source>
        <translation>有 {count} 行被跳过：</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The data folder {folder} cannot be opened:
{reason}</source>
        <translation>无法打开数据目录 {folder}：
{reason}</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>under a minute</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Standalone</source>
        <translation>单机</translation>
    </message>
    <message>
        <source>Revoked by the server</source>
        <translation>已被服务器注销</translation>
    </message>
    <message>
        <source>Offline: upgrade needed</source>
        <translation>离线：需要升级程序</translation>
    </message>
    <message>
        <source>Joining the server</source>
        <translation>正在接入服务器</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>SyncStatusLabels</name>
    <message>
        <source>Sync: {state}</source>
        <translation>同步：{state}</translation>
    </message>
    <message>
        <source>Pending ops: {count}</source>
        <translation>待上传操作：{count}</translation>
    </message>
    <message>
        <source>oldest waiting {age}</source>
        <translation>最早一条已等待 {age}</translation>
    </message>
    <message>
        <source>Last sync: {when}</source>
        <translation>上次同步：{when}</translation>
    </message>
    <message>
        <source>Rejected by the server: {count}</source>
        <translation>被服务器拒绝：{count}</translation>
    </message>
    <message>
        <source>This PC&apos;s clock is {minutes} min off the server&apos;s: please correct it</source>
        <translation>本机时钟与服务器相差 {minutes} 分钟，请校正</translation>
    </message>
    <message>
        <source>{notice} &lt;a href=&quot;dismiss&quot;&gt;OK&lt;/a&gt;</source>
        <translation>{notice} &lt;a href=&quot;dismiss&quot;&gt;知道了&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>Tabs</name>
    <message>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <source>Operation log</source>
        <translation>操作日志</translation>
    </message>
</context>
<context>
    <name>UnitDetailView</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&amp;Add person…</source>
        <translation>添加人员(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>End &amp;tie…</source>
        <translation>解除关系(&amp;T)…</translation>
    </message>
    <message>
        <source>Plate</source>
        <translation>车牌号</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>车主</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>车辆描述</translation>
    </message>
    <message>
        <source>Add &amp;vehicle…</source>
        <translation>登记车辆(&amp;V)…</translation>
    </message>
    <message>
        <source>Remove vehicle</source>
        <translation>移除车辆</translation>
    </message>
    <message>
        <source>Grantor</source>
        <translation>委托人</translation>
    </message>
    <message>
        <source>Grantee</source>
        <translation>受托人</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>授权范围</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>凭证</translation>
    </message>
    <message>
        <source>Add authori&amp;zation…</source>
        <translation>添加授权委托(&amp;Z)…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Add &amp;note…</source>
        <translation>添加备注(&amp;N)…</translation>
    </message>
    <message>
        <source>Archive note</source>
        <translation>归档备注</translation>
    </message>
    <message>
        <source>Search for a household above and press Enter to open it.</source>
        <translation>请在上方搜索住户，按回车打开。</translation>
    </message>
    <message>
        <source>{unit}   gross area {gross} · indoor {indoor} · {usage}</source>
        <translation>{unit}   建筑面积 {gross} · 套内面积 {indoor} · {usage}</translation>
    </message>
    <message>
        <source> (expired)</source>
        <translation>（已过期）</translation>
    </message>
    <message>
        <source>Vehicles ({count})</source>
        <translation>车辆（{count}）</translation>
    </message>
    <message>
        <source>Authorizations ({count})</source>
        <translation>授权委托（{count}）</translation>
    </message>
    <message>
        <source>Notes ({count})</source>
        <translation>备注（{count}）</translation>
    </message>
    <message>
        <source>Remove vehicle {plate} from {unit}?</source>
        <translation>确定从 {unit} 移除车辆 {plate} 吗？</translation>
    </message>
    <message>
        <source>Archive this note? It will no longer be shown.</source>
        <translation>确定归档这条备注吗？归档后将不再显示。</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Desk locked</source>
        <translation>前台已锁定</translation>
    </message>
    <message>
        <source>The desk was locked after a period without use. Enter your password to continue, or log in as another clerk.</source>
        <translation>长时间无操作，前台已自动锁定。请输入密码继续，或换其他人员登录。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>VehicleDialog</name>
    <message>
        <source>Add a vehicle to {unit}</source>
        <translation>为 {unit} 登记车辆</translation>
    </message>
    <message>
        <source>e.g. 京A12345</source>
        <translation>例如：京A12345</translation>
    </message>
    <message>
        <source>(not given)</source>
        <translation>（未填写）</translation>
    </message>
    <message>
        <source>make, colour</source>
        <translation>品牌、颜色</translation>
    </message>
    <message>
        <source>&amp;Plate</source>
        <translation>车牌号(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation>车主(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>车辆描述(&amp;D)</translation>
    </message>
</context>
</TS>
