<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
