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
    <name>AssignDialog</name>
    <message>
        <source>Bill a fee item to units</source>
        <translation>为房屋设置收费项目</translation>
    </message>
    <message>
        <source>From each unit&apos;s handover date when known, else the date below</source>
        <translation>有交房日期的按各户交房日期起计，否则按下面的日期</translation>
    </message>
    <message>
        <source>From the date below for every unit</source>
        <translation>所有房屋均按下面的日期起计</translation>
    </message>
    <message>
        <source>&amp;Fee item</source>
        <translation>收费项目(&amp;F)</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>房屋</translation>
    </message>
    <message>
        <source>Unit {unit}</source>
        <translation>房屋 {unit}</translation>
    </message>
    <message>
        <source>Every unit not billed for this item yet</source>
        <translation>所有尚未设置此项目的房屋</translation>
    </message>
    <message>
        <source>Billing &amp;start</source>
        <translation>计费起始(&amp;S)</translation>
    </message>
    <message>
        <source>No periodic fee item is set up.</source>
        <translation>尚未设置周期性收费项目。</translation>
    </message>
    <message>
        <source>Every chosen unit is already billed for this item.</source>
        <translation>所选房屋都已设置此收费项目。</translation>
    </message>
    <message>
        <source>{count} units are now billed for this item.</source>
        <translation>已为 {count} 户设置此收费项目。</translation>
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
    <name>CashierAdjust</name>
    <message>
        <source>Into the prepaid balance</source>
        <translation>存入预存余额</translation>
    </message>
</context>
<context>
    <name>CashierReports</name>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 表格 (*.xlsx)</translation>
    </message>
</context>
<context>
    <name>CashierTab</name>
    <message>
        <source>&amp;Generate charges…</source>
        <translation>生成应收(&amp;G)…</translation>
    </message>
    <message>
        <source>Fee ite&amp;ms…</source>
        <translation>收费项目(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Daily report…</source>
        <translation>日结报表(&amp;D)…</translation>
    </message>
    <message>
        <source>In&amp;voices…</source>
        <translation>开票清单(&amp;V)…</translation>
    </message>
    <message>
        <source>Tick &amp;all / none</source>
        <translation>全选 / 全不选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Waive / discount…</source>
        <translation>减免 / 优惠(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;One-off charge…</source>
        <translation>一次性收费(&amp;O)…</translation>
    </message>
    <message>
        <source>Meter &amp;reading…</source>
        <translation>抄表(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Prepay…</source>
        <translation>预存(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Take payment (Enter)</source>
        <translation>收款(&amp;T)（回车）</translation>
    </message>
    <message>
        <source>Open charges</source>
        <translation>未缴费用</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>收款记录</translation>
    </message>
    <message>
        <source>All charges</source>
        <translation>全部费用</translation>
    </message>
    <message>
        <source>Prepaid and billing</source>
        <translation>预存与计费</translation>
    </message>
    <message>
        <source>Open a household on the left to see its charges.</source>
        <translation>请在左侧打开住户，查看其费用。</translation>
    </message>
    <message>
        <source>{unit}  {owners}   Arrears {arrears} · Prepaid balance {balance}</source>
        <translation>{unit}  {owners}   欠费 {arrears} · 预存余额 {balance}</translation>
    </message>
    <message>
        <source>{count} lines ticked: {amount}</source>
        <translation>已勾选 {count} 项：{amount}</translation>
    </message>
    <message>
        <source>No shift is open on this terminal. Open one now?</source>
        <translation>本收银台尚未开班。现在开班吗？</translation>
    </message>
    <message>
        <source>Tick the lines to pay first, or use Prepay.</source>
        <translation>请先勾选要缴的费用，或使用预存。</translation>
    </message>
</context>
<context>
    <name>ChargesHistory</name>
    <message>
        <source>Period</source>
        <translation>所属期间</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Relief</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>应缴日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>Close the shift (交班)</source>
        <translation>交班</translation>
    </message>
    <message>
        <source>Close shift and print statement</source>
        <translation>交班并打印交班单</translation>
    </message>
    <message>
        <source>Opened {opened} · {count} receipts ({first} – {last}) · {amount} taken
Voided: {voids} ({void_amount}) · Refunds: {refunds} ({refund_amount})</source>
        <translation>开班于 {opened} · 收据 {count} 张（{first} – {last}）· 实收 {amount}
作废：{voids}（{void_amount}）· 退费：{refunds}（{refund_amount}）</translation>
    </message>
    <message>
        <source>{count} operations of this desk are not yet synced with the server.</source>
        <translation>本前台还有 {count} 条操作尚未同步到服务器。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应收</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实点</translation>
    </message>
    <message>
        <source>Over / short</source>
        <translation>长款 / 短款</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>未清点</translation>
    </message>
    <message>
        <source>Expected cash includes the opening float of {amount}.</source>
        <translation>应有现金已含开班备用金 {amount}。</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Cash: {result}</source>
        <translation>现金：{result}</translation>
    </message>
    <message>
        <source>Count the cash in the drawer and enter it.</source>
        <translation>请清点钱箱中的现金并填写。</translation>
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
    <name>DailyReportDialog</name>
    <message>
        <source>Daily report (日结)</source>
        <translation>日结报表</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>收据数</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>By method</source>
        <translation>按付款方式</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退费</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>&amp;Export the day&apos;s ledger (Excel)…</source>
        <translation>导出当日台账（Excel）(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Day</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>{day}: {amount} taken on {count} receipts · {voids} voided ({void_amount}) · {refund_amount} refunded
{methods}</source>
        <translation>{day}：收据 {count} 张，实收 {amount} · 作废 {voids} 张（{void_amount}）· 退费 {refund_amount}
{methods}</translation>
    </message>
    <message>
        <source>{cashier} ({terminal}): cash {result}</source>
        <translation>{cashier}（{terminal}）：现金 {result}</translation>
    </message>
    <message>
        <source>Shifts closed: {list}</source>
        <translation>已交班：{list}</translation>
    </message>
    <message>
        <source>No shift was closed on this day.</source>
        <translation>当日没有交班记录。</translation>
    </message>
    <message>
        <source>Export the day&apos;s ledger</source>
        <translation>导出当日台账</translation>
    </message>
    <message>
        <source>{count} ledger rows written to {path}.</source>
        <translation>已将 {count} 行台账写入 {path}。</translation>
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
    <name>FeeItemDialog</name>
    <message>
        <source>Edit fee item {name}</source>
        <translation>编辑收费项目 {name}</translation>
    </message>
    <message>
        <source>New fee item</source>
        <translation>新建收费项目</translation>
    </message>
    <message>
        <source>e.g. 元/㎡·月, 元/吨, 元/张</source>
        <translation>例如：元/㎡·月、元/吨、元/张</translation>
    </message>
    <message>
        <source>The contract provides a late fee (滞纳金)</source>
        <translation>合同约定收取滞纳金</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>编码(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>类型(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Formula</source>
        <translation>计费方式(&amp;F)</translation>
    </message>
    <message>
        <source>Area basis</source>
        <translation>计费面积</translation>
    </message>
    <message>
        <source>Billing period</source>
        <translation>计费周期</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表具</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>Unit &amp;price (yuan)</source>
        <translation>单价（元）(&amp;P)</translation>
    </message>
    <message>
        <source>Surcharge per ㎡·month</source>
        <translation>附加费（每㎡·月）</translation>
    </message>
    <message>
        <source>Price unit</source>
        <translation>计价单位</translation>
    </message>
    <message>
        <source>&amp;Rounding</source>
        <translation>取整方式(&amp;R)</translation>
    </message>
    <message>
        <source>First month</source>
        <translation>首月计费</translation>
    </message>
    <message>
        <source>Cut-off day</source>
        <translation>分界日</translation>
    </message>
    <message>
        <source>Due after (days)</source>
        <translation>缴费期限（天）</translation>
    </message>
    <message>
        <source>Late fee per day (0.0005 = 0.05%)</source>
        <translation>滞纳金日费率（0.0005 即 0.05%）</translation>
    </message>
    <message>
        <source>Grace days</source>
        <translation>宽限天数</translation>
    </message>
    <message>
        <source>Cap (× principal)</source>
        <translation>上限（本金的倍数）</translation>
    </message>
    <message>
        <source>&amp;Legal basis</source>
        <translation>依据(&amp;L)</translation>
    </message>
    <message>
        <source>Sort order</source>
        <translation>排列顺序</translation>
    </message>
    <message>
        <source>Enter the name.</source>
        <translation>请填写名称。</translation>
    </message>
    <message>
        <source>Enter the unit price.</source>
        <translation>请填写单价。</translation>
    </message>
    <message>
        <source>Enter the daily rate.</source>
        <translation>请填写日费率。</translation>
    </message>
    <message>
        <source>Enter a code (letters and digits).</source>
        <translation>请填写编码（字母和数字）。</translation>
    </message>
</context>
<context>
    <name>FeeItemsDialog</name>
    <message>
        <source>Fee items</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Formula</source>
        <translation>计费方式</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>取整方式</translation>
    </message>
    <message>
        <source>Late fee</source>
        <translation>滞纳金</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>新建(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Bill to units…</source>
        <translation>设置到房屋(&amp;B)…</translation>
    </message>
    <message>
        <source>{rate}/day</source>
        <translation>每日 {rate}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Only periodic items are billed to units; one-off and metered items are charged at the counter.</source>
        <translation>只有周期性项目需要设置到房屋；一次性和抄表项目在前台收取。</translation>
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
    <name>GenerateChargesDialog</name>
    <message>
        <source>Generate charges</source>
        <translation>生成应收</translation>
    </message>
    <message>
        <source>Unit {unit}</source>
        <translation>房屋 {unit}</translation>
    </message>
    <message>
        <source>All billed units</source>
        <translation>所有已设置收费的房屋</translation>
    </message>
    <message>
        <source>Up to and including &amp;month</source>
        <translation>生成至（含）月份(&amp;M)</translation>
    </message>
    <message>
        <source>Billing runs on from each unit&apos;s last charged period, without gaps; at most one month ahead.</source>
        <translation>从各户最后计费期间起连续生成，不断档；最多提前一个月。</translation>
    </message>
    <message>
        <source>{count} charges generated, {amount} in all; {deducted} paid from prepaid balances.</source>
        <translation>已生成 {count} 笔应收，共 {amount}；其中 {deducted} 已从预存余额抵扣。</translation>
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
    <name>InvoiceListDialog</name>
    <message>
        <source>Invoice list</source>
        <translation>开票清单</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>收款时间</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>交款人</translation>
    </message>
    <message>
        <source>Invoice title</source>
        <translation>发票抬头</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Invoice no.</source>
        <translation>发票号码</translation>
    </message>
    <message>
        <source>Record &amp;issued invoice…</source>
        <translation>登记已开发票(&amp;I)…</translation>
    </message>
    <message>
        <source>E&amp;xport (Excel)…</source>
        <translation>导出（Excel）(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>状态(&amp;S)</translation>
    </message>
    <message>
        <source>Export the invoice list</source>
        <translation>导出开票清单</translation>
    </message>
    <message>
        <source>{count} payments written to {path}.</source>
        <translation>已将 {count} 笔收款写入 {path}。</translation>
    </message>
</context>
<context>
    <name>InvoiceRequestDialog</name>
    <message>
        <source>Ask finance for an invoice</source>
        <translation>申请财务开票</translation>
    </message>
    <message>
        <source>Invoice &amp;title</source>
        <translation>发票抬头(&amp;T)</translation>
    </message>
    <message>
        <source>Enter the invoice title.</source>
        <translation>请填写发票抬头。</translation>
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
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
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
    <name>MarkInvoicedDialog</name>
    <message>
        <source>Record the issued invoice ({count} payments)</source>
        <translation>登记已开发票（{count} 笔收款）</translation>
    </message>
    <message>
        <source>Invoice &amp;number</source>
        <translation>发票号码(&amp;N)</translation>
    </message>
    <message>
        <source>Enter the invoice number.</source>
        <translation>请填写发票号码。</translation>
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
    <name>MeterReadingDialog</name>
    <message>
        <source>Meter reading — {unit}</source>
        <translation>抄表 — {unit}</translation>
    </message>
    <message>
        <source>The meter was &amp;changed (needs a supervisor)</source>
        <translation>已换表（需主管审批）(&amp;C)</translation>
    </message>
    <message>
        <source>old meter&apos;s last reading</source>
        <translation>旧表最后读数</translation>
    </message>
    <message>
        <source>new meter&apos;s reading when fitted (0)</source>
        <translation>新表安装时读数（0）</translation>
    </message>
    <message>
        <source>&amp;Meter</source>
        <translation>表具(&amp;M)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上次读数</translation>
    </message>
    <message>
        <source>Read &amp;on</source>
        <translation>抄表日期(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Reading</source>
        <translation>本次读数(&amp;R)</translation>
    </message>
    <message>
        <source>Old meter final</source>
        <translation>旧表止码</translation>
    </message>
    <message>
        <source>New meter start</source>
        <translation>新表起码</translation>
    </message>
    <message>
        <source>No metered fee item is set up.</source>
        <translation>尚未设置抄表收费项目。</translation>
    </message>
    <message>
        <source>{reading} on {day}</source>
        <translation>{reading}（{day}）</translation>
    </message>
    <message>
        <source>none yet: this reading is the baseline and bills nothing</source>
        <translation>暂无：本次读数作为起始读数，不产生费用</translation>
    </message>
    <message>
        <source>Choose the meter and enter the reading.</source>
        <translation>请选择表具并填写读数。</translation>
    </message>
    <message>
        <source>The reading {reading} is below the previous {previous}. Was the meter changed? A meter change needs a supervisor&apos;s approval.</source>
        <translation>读数 {reading} 小于上次读数 {previous}。是否换过表？换表需主管审批。</translation>
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
    <name>OneOffChargeDialog</name>
    <message>
        <source>One-off charge — {unit}</source>
        <translation>一次性收费 — {unit}</translation>
    </message>
    <message>
        <source>&amp;Fee item</source>
        <translation>收费项目(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quantity</source>
        <translation>数量(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Date</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>Computed from the unit&apos;s area</source>
        <translation>按房屋面积计算</translation>
    </message>
    <message>
        <source>No one-off fee item is set up.</source>
        <translation>尚未设置一次性收费项目。</translation>
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
    <name>OpenChargesTable</name>
    <message>
        <source>Pay</source>
        <translation>缴费</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>所属期间</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>Quantity × price</source>
        <translation>数量 × 单价</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>应缴日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open a shift on terminal {terminal}</source>
        <translation>在收银台 {terminal} 开班</translation>
    </message>
    <message>
        <source>The change float in the drawer at the start (备用金); counted back at close</source>
        <translation>开班时钱箱中的找零备用金，交班时一并清点</translation>
    </message>
    <message>
        <source>Opening &amp;float</source>
        <translation>备用金(&amp;F)</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Take payment — {unit}</source>
        <translation>收款 — {unit}</translation>
    </message>
    <message>
        <source>Confirm payment</source>
        <translation>确认收款</translation>
    </message>
    <message>
        <source>What is paid</source>
        <translation>缴费内容</translation>
    </message>
    <message>
        <source>… and {count} more lines</source>
        <translation>…… 另有 {count} 项</translation>
    </message>
    <message>
        <source>Total {amount}</source>
        <translation>合计 {amount}</translation>
    </message>
    <message>
        <source>In words: {capital}</source>
        <translation>大写：{capital}</translation>
    </message>
    <message>
        <source>Payment methods</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>实收</translation>
    </message>
    <message>
        <source>What the customer hands over; empty means exactly the cash amount</source>
        <translation>客户实际交付的金额；留空表示正好等于现金应收</translation>
    </message>
    <message>
        <source>&amp;Given</source>
        <translation>实收(&amp;G)</translation>
    </message>
    <message>
        <source>POS slip no.</source>
        <translation>POS 签购单号</translation>
    </message>
    <message>
        <source>transfer reference</source>
        <translation>转账流水号</translation>
    </message>
    <message>
        <source>balance {amount}</source>
        <translation>余额 {amount}</translation>
    </message>
    <message>
        <source>Payer</source>
        <translation>交款人</translation>
    </message>
    <message>
        <source>Printed masked on the receipt (张*丰)</source>
        <translation>收据上打码显示（如 张*丰）</translation>
    </message>
    <message>
        <source>The payer asks for an invoice (marked 待开 for finance)</source>
        <translation>交款人需要发票（标记为待开，交财务办理）</translation>
    </message>
    <message>
        <source>invoice title (个人 or the company name)</source>
        <translation>发票抬头（个人或单位名称）</translation>
    </message>
    <message>
        <source>&amp;Payer</source>
        <translation>交款人(&amp;P)</translation>
    </message>
    <message>
        <source>Invoice &amp;title</source>
        <translation>发票抬头(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>备注(&amp;N)</translation>
    </message>
    <message>
        <source>The other methods exceed the total by {amount}.</source>
        <translation>其他付款方式合计超出总额 {amount}。</translation>
    </message>
    <message>
        <source>No cash is due: clear the amount given.</source>
        <translation>无需收取现金：请清空实收金额。</translation>
    </message>
    <message>
        <source>Cash given {given} is less than the cash due {due}.</source>
        <translation>实收现金 {given} 少于应收现金 {due}。</translation>
    </message>
    <message>
        <source>The prepaid balance is only {amount}.</source>
        <translation>预存余额只有 {amount}。</translation>
    </message>
    <message>
        <source>Change {amount}</source>
        <translation>找零 {amount}</translation>
    </message>
    <message>
        <source>Enter the invoice title the payer asks for.</source>
        <translation>请填写交款人要求的发票抬头。</translation>
    </message>
</context>
<context>
    <name>PaymentsPanel</name>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>收款时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>发票</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>&amp;Reprint (补打)</source>
        <translation>补打(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Void…</source>
        <translation>作废(&amp;V)…</translation>
    </message>
    <message>
        <source>Re&amp;fund…</source>
        <translation>退费(&amp;F)…</translation>
    </message>
    <message>
        <source>Ask for an &amp;invoice…</source>
        <translation>申请开票(&amp;I)…</translation>
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
    <name>PrepaidPanel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Refund balance…</source>
        <translation>退还余额…</translation>
    </message>
    <message>
        <source>Billed item</source>
        <translation>收费项目</translation>
    </message>
    <message>
        <source>From</source>
        <translation>计费起始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>计费截止</translation>
    </message>
    <message>
        <source>Charged through</source>
        <translation>已计费至</translation>
    </message>
    <message>
        <source>Bill an item to this unit…</source>
        <translation>为本户设置收费项目…</translation>
    </message>
    <message>
        <source>Prepaid balance: {amount}</source>
        <translation>预存余额：{amount}</translation>
    </message>
</context>
<context>
    <name>PrepaidRefundDialog</name>
    <message>
        <source>Refund prepaid balance — {unit}</source>
        <translation>退还预存余额 — {unit}</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>Money goes &amp;back by</source>
        <translation>退款方式(&amp;B)</translation>
    </message>
    <message>
        <source>Re&amp;ference</source>
        <translation>凭证号(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Refund (needs a supervisor)</source>
        <translation>退费（需主管审批）</translation>
    </message>
    <message>
        <source>Open a shift first: the refund slip goes into your shift.</source>
        <translation>请先开班：退费单将计入您的班次。</translation>
    </message>
    <message>
        <source>Enter the amount to refund.</source>
        <translation>请填写退款金额。</translation>
    </message>
    <message>
        <source>Enter the reason for the refund.</source>
        <translation>请填写退费原因。</translation>
    </message>
</context>
<context>
    <name>PrepayDialog</name>
    <message>
        <source>Prepay</source>
        <translation>预存</translation>
    </message>
    <message>
        <source>A plain amount into the prepaid balance</source>
        <translation>直接存入预存余额的金额</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>&amp;Fee item</source>
        <translation>收费项目(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Months (at most {cap})</source>
        <translation>月数（最多 {cap}）(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Amount</source>
        <translation>金额(&amp;A)</translation>
    </message>
    <message>
        <source>Continue to payment</source>
        <translation>继续收款</translation>
    </message>
    <message>
        <source>{item} {period}: {amount}</source>
        <translation>{item} {period}：{amount}</translation>
    </message>
    <message>
        <source>Enter the amount to prepay.</source>
        <translation>请填写预存金额。</translation>
    </message>
    <message>
        <source>Prepaid balance</source>
        <translation>预存余额</translation>
    </message>
    <message>
        <source>Prepay {item} {period} ({months} months)</source>
        <translation>预存 {item} {period}（{months} 个月）</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>80 mm thermal receipts</source>
        <translation>80 毫米热敏收据</translation>
    </message>
    <message>
        <source>A5 three-part receipts</source>
        <translation>A5 三联收据</translation>
    </message>
    <message>
        <source>A4 documents (shift statements, reports)</source>
        <translation>A4 文档（交班单、报表）</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>无法启动打印机。</translation>
    </message>
    <message>
        <source>Receipt — reprint (补打) no. {count}</source>
        <translation>收据 — 第 {count} 次补打</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>Shift statement</source>
        <translation>交班单</translation>
    </message>
    <message>
        <source>Refund slip — reprint (补打) no. {count}</source>
        <translation>退款凭证 — 第 {count} 次补打</translation>
    </message>
    <message>
        <source>Refund slip</source>
        <translation>退款凭证</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>System default printer ({name})</source>
        <translation>系统默认打印机（{name}）</translation>
    </message>
    <message>
        <source>System default printer (none installed)</source>
        <translation>系统默认打印机（未安装）</translation>
    </message>
    <message>
        <source>{name} (not installed)</source>
        <translation>{name}（未安装）</translation>
    </message>
    <message>
        <source>Use this printer for {kind} from now on</source>
        <translation>以后 {kind} 都用这台打印机</translation>
    </message>
    <message>
        <source>Reprint (补打) no. {count}</source>
        <translation>第 {count} 次补打</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>{copy} · archived as {path}</source>
        <translation>{copy} · 已存档为 {path}</translation>
    </message>
    <message>
        <source>&amp;Printer</source>
        <translation>打印机(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>打印(&amp;P)</translation>
    </message>
    <message>
        <source>The printer “{name}” is not installed on this computer.</source>
        <translation>本机未安装打印机“{name}”。</translation>
    </message>
    <message>
        <source>No printer is installed on this computer.</source>
        <translation>本机未安装任何打印机。</translation>
    </message>
    <message>
        <source>Nothing is lost: the document is saved and kept in the archive ({path}); print it later from the unit&apos;s statement (补打).</source>
        <translation>文档已保存在存档中（{path}），不会丢失；稍后可在该户的账单中补打。</translation>
    </message>
    <message>
        <source>Printing failed: {error}
The document is kept in the archive ({path}).</source>
        <translation>打印失败：{error}
文档已保存在存档中（{path}）。</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund receipt {number}</source>
        <translation>退费 — 收据 {number}</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>&amp;Lines to refund</source>
        <translation>退费明细(&amp;L)</translation>
    </message>
    <message>
        <source>Refund amount</source>
        <translation>退费金额</translation>
    </message>
    <message>
        <source>Money goes &amp;back by</source>
        <translation>退款方式(&amp;B)</translation>
    </message>
    <message>
        <source>Re&amp;ference</source>
        <translation>凭证号(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Refund (needs a supervisor)</source>
        <translation>退费（需主管审批）</translation>
    </message>
    <message>
        <source>Open a shift first: the refund slip goes into your shift.</source>
        <translation>请先开班：退费单将计入您的班次。</translation>
    </message>
    <message>
        <source>Tick the lines to refund.</source>
        <translation>请勾选要退费的项目。</translation>
    </message>
    <message>
        <source>Enter the reason for the refund.</source>
        <translation>请填写退费原因。</translation>
    </message>
</context>
<context>
    <name>ReliefDialog</name>
    <message>
        <source>Waive or discount a charge</source>
        <translation>减免或优惠费用</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>&amp;Waive the whole line</source>
        <translation>全额减免(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Discount by</source>
        <translation>优惠金额(&amp;D)</translation>
    </message>
    <message>
        <source>Relief</source>
        <translation>减免</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Apply (needs a supervisor)</source>
        <translation>确定（需主管审批）</translation>
    </message>
    <message>
        <source>Enter the discount amount.</source>
        <translation>请填写优惠金额。</translation>
    </message>
    <message>
        <source>Enter the reason.</source>
        <translation>请填写原因。</translation>
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
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Only an administrator can change the settings; they are shown read-only.</source>
        <translation>只有管理员可以修改设置；以下设置仅供查看。</translation>
    </message>
    <message>
        <source>Interface</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Household roster</source>
        <translation>住户名册</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>80 mm thermal receipt</source>
        <translation>80mm 热敏收据</translation>
    </message>
    <message>
        <source>A5 three-part receipt</source>
        <translation>A5 三联收据</translation>
    </message>
    <message>
        <source>Takes effect after the program restarts.</source>
        <translation>重新启动程序后生效。</translation>
    </message>
    <message>
        <source>System default printer</source>
        <translation>系统默认打印机</translation>
    </message>
    <message>
        <source>{printer} (not installed)</source>
        <translation>{printer}（未安装）</translation>
    </message>
    <message>
        <source>This desk and the server</source>
        <translation>本机与服务器</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>小区</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Terminal code</source>
        <translation>终端编号</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Join a server…</source>
        <translation>接入服务器(&amp;J)…</translation>
    </message>
    <message>
        <source>Enrolled with the server</source>
        <translation>已接入服务器</translation>
    </message>
    <message>
        <source>Standalone (not enrolled with a server)</source>
        <translation>单机使用（未接入服务器）</translation>
    </message>
    <message>
        <source>“{label}”: enter a whole number.</source>
        <translation>“{label}”：请填写整数。</translation>
    </message>
    <message>
        <source>“{label}” must be between {low} and {high}.</source>
        <translation>“{label}”应在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>“{label}” must be a number, 0 or more (e.g. {example}).</source>
        <translation>“{label}”应填写不小于 0 的数字（例如 {example}）。</translation>
    </message>
    <message>
        <source>Saved. Some of the changes take effect after the program restarts.</source>
        <translation>已保存。部分设置在重新启动程序后生效。</translation>
    </message>
</context>
<context>
    <name>Shift</name>
    <message>
        <source>over {amount}</source>
        <translation>长款 {amount}</translation>
    </message>
    <message>
        <source>short {amount}</source>
        <translation>短款 {amount}</translation>
    </message>
    <message>
        <source>balanced</source>
        <translation>账款相符</translation>
    </message>
</context>
<context>
    <name>ShiftBar</name>
    <message>
        <source>&amp;Open shift…</source>
        <translation>开班(&amp;O)…</translation>
    </message>
    <message>
        <source>Close shi&amp;ft…</source>
        <translation>交班(&amp;F)…</translation>
    </message>
    <message>
        <source>This account does not take payments.</source>
        <translation>此账号不能收款。</translation>
    </message>
    <message>
        <source>No shift open on terminal {terminal}: open one before taking money.</source>
        <translation>收银台 {terminal} 尚未开班：收款前请先开班。</translation>
    </message>
    <message>
        <source>Shift open since {time} on {terminal} · {count} receipts · {amount} taken</source>
        <translation>{terminal} 开班于 {time} · 收据 {count} 张 · 实收 {amount}</translation>
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
    <name>TabHost</name>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
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
    <message>
        <source>Cashier</source>
        <translation>收费</translation>
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
        <source>Arrears {arrears} · prepaid balance {balance}</source>
        <translation>欠费 {arrears} · 预存余额 {balance}</translation>
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
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void receipt {number}</source>
        <translation>作废收据 {number}</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收据</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>原因(&amp;R)</translation>
    </message>
    <message>
        <source>Void (needs a supervisor)</source>
        <translation>作废（需主管审批）</translation>
    </message>
    <message>
        <source>Enter the reason for the void.</source>
        <translation>请填写作废原因。</translation>
    </message>
</context>
</TS>
