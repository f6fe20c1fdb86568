package web

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// The lab's chrome speaks English or Chinese. Components look their strings
// up with tr(ctx, english): the English text is the key, so an English page
// needs no table and a string missing from zh stays English. The language
// rides in the render's context (WithLang); the wasm sets it from the
// learner's toggle. Kafka's own text (trace labels, tool output, error
// names) is never translated.

type langKey struct{}

// Langs are the languages the lab's chrome speaks.
var Langs = []string{"en", "zh"}

// WithLang returns ctx carrying the page's language, "en" or "zh".
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// LangOf is the language in ctx: "zh" or "en".
func LangOf(ctx context.Context) string {
	if l, _ := ctx.Value(langKey{}).(string); l == "zh" {
		return "zh"
	}
	return "en"
}

// Tr is tr for Go code outside templates (the wasm's play button).
func Tr(lang, en string) string {
	if lang == "zh" {
		if s, ok := zh[en]; ok {
			return s
		}
		if s, ok := zhViews[en]; ok {
			return s
		}
	}
	return en
}

func tr(ctx context.Context, en string) string { return Tr(LangOf(ctx), en) }

// zh is the Chinese chrome. Kafka's terms stay in English where engineers
// use them (leader, follower, ISR, HW, LEO, offset), with the Chinese word
// once where it helps.
var zh = map[string]string{
	// The page shell (layout.templ): header, footer, theme toggle.
	"Lessons": "课程",
	"Lab":     "实验室",
	"kafkalab runs a Kafka broker engine inside your browser. Where it simplifies Kafka, the lesson says so.": "kafkalab 在你的浏览器里运行一个 Kafka broker 引擎。凡是简化了 Kafka 的地方，课程里都会说明。",
	"◐ Dark":                        "◐ 深色",
	"◑ Light":                       "◑ 浅色",
	"Switch between light and dark": "在浅色和深色之间切换",
	// Toolbar and status.
	"Time controls":                  "时间控制",
	"Reset to the start (same seed)": "回到开始（同一个 seed）",
	"↺ Reset":                        "↺ 重置",
	"Step back one event (←)":        "后退一个事件（←）",
	"Play / pause (space)":           "播放／暂停（空格）",
	"▶ Play":                         "▶ 播放",
	"⏸ Pause":                        "⏸ 暂停",
	"Step forward one event (→)":     "前进一个事件（→）",
	"Speed":                          "速度",
	"Seed":                           "种子 (seed)",
	"Keyboard shortcuts (?)":         "键盘快捷键（?）",
	"Copy a link to this exact lab: seed, actions and position": "复制指向这个实验的链接：种子、操作和位置",
	"⇪ Share":    "⇪ 分享",
	"Share link": "分享链接",
	"Copy it and send it: it opens this lab at this step.":              "复制并发送：它会在这一步打开这个实验。",
	"This share link could not be opened; a fresh lab started instead.": "无法打开这个分享链接，已开始一个新的实验。",
	"History": "历史",
	"step":    "步",
	"time":    "时间",
	"hash":    "哈希",
	"State hash: the same seed and inputs give the same hash, natively and here": "状态哈希：相同的 seed 和输入，在本机和这里都得到相同的哈希",
	// Tabs.
	"Views":             "视图",
	"Cluster":           "集群",
	"Storage":           "存储",
	"Groups":            "消费者组",
	"Panels":            "面板",
	"Produce · Consume": "生产 · 消费",
	">_ Terminal":       ">_ 终端",
	"Kafka's command-line tools against this cluster (t)": "用 Kafka 的命令行工具操作这个集群（t）",
	// Help.
	"Keyboard":               "键盘",
	"Space":                  "空格",
	"play or pause":          "播放或暂停",
	"step forward one event": "前进一个事件",
	"step back one event (exact: the engine replays from the seed)": "后退一个事件（精确：引擎从 seed 重放）",
	"open the terminal beside the diagram":                          "在图旁边打开终端",
	"show or hide this help":                                        "显示或隐藏本帮助",
	"Click a replica for its LEO, high watermark, leader epoch and ISR. Click ⏻ on a broker for its faults: crash, power off, pause, restart, clean shutdown.": "点击一个副本，查看它的 LEO、高水位 (HW)、leader epoch 和 ISR。点击 broker 上的 ⏻ 注入故障：崩溃、断电、暂停、重启、正常关闭。",
	"Close": "关闭",
	// Produce panel.
	"Produce a record": "生产一条记录",
	"Topic":            "主题 (topic)",
	"Key":              "键 (key)",
	"Value":            "值 (value)",
	"Partition":        "分区",
	"auto":             "自动",
	"null key":         "空键 (null key)",
	"Send":             "发送",
	"Goes to":          "写入",
	"partition":        "分区",
	// Details.
	"Replica details": "副本详情",
	"Click a replica to see its log end offset (LEO), high watermark (HW), leader epoch and ISR.": "点击一个副本，查看它的日志末端 offset (LEO)、高水位 (HW)、leader epoch 和 ISR。",
	"on broker": "位于 broker",
	"Role":      "角色",
	"Log end offset: the offset the next record will get":                     "日志末端 offset：下一条记录将得到的 offset",
	"High watermark: records below it are committed and visible to consumers": "高水位：它以下的记录已提交，消费者可见",
	"Leader epoch":      "Leader epoch",
	"Leader":            "主副本 (leader)",
	"broker":            "broker",
	"Lag behind leader": "落后 leader",
	"Log start":         "日志起始 offset",
	"Not in the ISR: the leader does not wait for it, and it cannot become leader in a clean election.": "不在 ISR 中：leader 不等它，它也不能在干净选举 (clean election) 中成为 leader。",
	// Sequence.
	"The life of a message": "一条消息的一生",
	"Send a record, then step (→) to watch each step of its life appear here.": "发送一条记录，然后单步（→），在这里看它一生中的每一步。",
	"Produce":                                "生产",
	"Store and replicate":                    "存储与复制",
	"Consume":                                "消费",
	"create record":                          "创建记录",
	"serialize key/value":                    "序列化 key／value",
	"choose partition":                       "选择分区",
	"ProduceRequest to the partition leader": "向分区 leader 发送 ProduceRequest",
	"leader appends to its log":              "leader 追加到自己的日志",
	"leader → follower replication":          "leader → follower 复制",
	"follower appends":                       "follower 追加",
	"follower acknowledges":                  "follower 确认",
	"produce acknowledged":                   "生产已确认",
	"consumer joins group":                   "消费者加入组",
	"coordinator assigns partitions":         "协调者 (coordinator) 分配分区",
	"FetchRequest from committed offset":     "从已提交的 offset 发 FetchRequest",
	"records returned":                       "返回记录",
	"deserialize and process":                "反序列化并处理",
	"commit offset":                          "提交 offset",
	// Diagram.
	"Leader: takes every write and, by default, every read": "主副本 (leader)：承担所有写入，默认也承担所有读取",
	"Follower: fetches from the leader":                     "从副本 (follower)：从 leader 拉取",
	"A message in flight":                                   "传输中的消息",
	"Producer":                                              "生产者",
	"Controller (KRaft quorum) · owns metadata: topics, leaders, ISR":                                                "控制器（KRaft quorum）· 管理元数据：主题、leader、ISR",
	"The articles draw a ZooKeeper ensemble here; Kafka 4 removed ZooKeeper and keeps metadata in this Raft quorum.": "经典文章在这里画的是 ZooKeeper 集群；Kafka 4 已移除 ZooKeeper，元数据保存在这个 Raft quorum 中。",
	// The controller quorum (quorum.templ) and its size in the toolbar.
	"Controller quorum (KRaft) · owns metadata: topics, leaders, ISR":      "控制器 quorum（KRaft）· 管理元数据：主题、leader、ISR",
	"its log and vote stay on disk":                                        "日志和投票仍在磁盘上",
	"Crash this controller (kill -9): the others elect a leader if it led": "让这个控制器崩溃（kill -9）：如果它是 leader，其他控制器会选出新的 leader",
	"Restart this controller: it reloads its log and catches up":           "重启这个控制器：它重新加载日志并追上进度",
	"Controllers": "控制器",
	"The size of the KRaft controller quorum (starts a fresh lab, same seed)": "KRaft 控制器 quorum 的大小（以同一个 seed 重新开始实验）",
	// Consumer panel.
	"Add a consumer":                "添加消费者",
	"Group":                         "组 (group)",
	"Assignor":                      "分配策略 (assignor)",
	"Commit":                        "提交 (commit)",
	"after processing":              "处理之后",
	"before processing":             "处理之前",
	"never":                         "从不",
	"Static id (group.instance.id)": "静态 id (group.instance.id)",
	"none: a dynamic member":        "无：动态成员",
	"Add consumer":                  "添加消费者",
	"stop":                          "停止",
	"crash":                         "崩溃",
	"restart":                       "重启",
	// Broker faults.
	"Crash":          "崩溃",
	"Power off":      "断电",
	"Pause":          "暂停",
	"Clean shutdown": "正常关闭",
	"Resume":         "恢复",
	"Restart":        "重启",
	// Lesson levels (lessons.Levels), as the lesson list shows them.
	"beginner":     "入门",
	"intermediate": "进阶",
	"advanced":     "高级",
	// Terminal.
	"Terminal": "终端",
	"Enter runs · Shift+Enter or an open <<EOF adds a line · ↑/↓ history · Tab completes (Shift+Tab or Esc leaves) · try": "Enter 运行 · Shift+Enter 或未闭合的 <<EOF 换行 · ↑/↓ 历史 · Tab 补全（Shift+Tab 或 Esc 离开）· 试试",
	"clear":                                "清屏",
	"Clear the view (the history is kept)": "清空显示（历史保留）",
	"Command":                              "命令",
	"running… %s s of simulated time, %d events · Ctrl-C interrupts":                 "运行中… 模拟时间 %s 秒，%d 个事件 · Ctrl-C 中断",
	"A command is running: wait for it, or press Ctrl-C in the terminal to stop it.": "有一条命令正在运行：请等待它结束，或在终端中按 Ctrl-C 停止它。",
	"replaying… %d%%": "重放中… %d%%",
	"Going back in the history: wait for it to land.": "正在回到历史中的某一步：请等它到达。",
	// Sequence diagram lanes.
	"Sequence diagram of the record's lifecycle": "记录一生的时序图",
	"producer":          "生产者",
	"partition leader":  "分区 leader",
	"follower":          "follower",
	"group coordinator": "组协调者",
	"consumer":          "消费者",
	// Cluster actions.
	"click to cut, heal or slow this link": "点击以切断、恢复或减慢这条链路",
	"click to drop this message":           "点击以丢弃这条消息",
	"Network link":                         "网络链路",
	"up":                                   "正常",
	"cut":                                  "已切断",
	"slow":                                 "减慢",
	"The controllers replicate the metadata log and vote over this link (Raft): cut the active controller off from the others and, after controller.quorum.fetch.timeout.ms without its fetches, they elect a new leader with a higher epoch; the old one resigns when it cannot reach a majority.": "控制器之间通过这条链路复制元数据日志并投票 (Raft)：把活跃控制器与其他控制器切断，经过 controller.quorum.fetch.timeout.ms 收不到它的拉取请求后，它们会选出一个 epoch 更高的新 leader；旧 leader 联系不到多数派时会主动退位。",
	"The lab simplifies: its controllers have no pre-vote (KIP-996), so one that is cut off keeps standing for election with ever higher epochs, and when its links heal that epoch forces one more election.":                                                                                      "实验室的简化：这里的控制器没有预投票 (pre-vote，KIP-996)，被切断的控制器会不断以越来越高的 epoch 发起选举，链路恢复后，它的 epoch 会再引发一次选举。",
	"A broker heartbeats to the active controller and fetches metadata from it over this link: cut the link to the active one and, after broker.session.timeout.ms, the broker is fenced. A link to a controller that is not active carries nothing until that controller leads.":                   "broker 通过这条链路向活跃控制器发心跳并从它拉取元数据：切断与活跃控制器之间的链路，经过 broker.session.timeout.ms 后，这个 broker 会被隔离 (fence)。通往非活跃控制器的链路，在该控制器成为 leader 之前不传输任何内容。",
	"Brokers heartbeat to the controller and fetch its metadata over this link: cut it and, after broker.session.timeout.ms, the controller fences the broker.":                                                                                                                                     "broker 通过这条链路向控制器发心跳并拉取元数据：切断它，经过 broker.session.timeout.ms 后，控制器会隔离 (fence) 这个 broker。",
	"Followers fetch from their leader over this link: cut it and, after replica.lag.time.max.ms without a fetch, the leader drops the follower from the ISR.":                                                                                                                                      "follower 通过这条链路从 leader 拉取：切断它，在 replica.lag.time.max.ms 内没有拉取后，leader 会把这个 follower 移出 ISR。",
	"Cut both ways":       "双向切断",
	"Heal":                "恢复",
	"Slow it (both ways)": "减慢（双向）",
	"Delays every message between this follower's broker and the leader's, both ways": "双向延迟这个 follower 所在 broker 与 leader 所在 broker 之间的每条消息",
	"Slow this follower": "减慢这个 follower",
	"Create a topic":     "创建主题",
	"Name":               "名称",
	"Partitions":         "分区数",
	"default (false)":    "默认（false）",
	"Create topic":       "创建主题",
	"Queued at step %d: CreateTopics(%s) to the controller. Step (→) or play to watch it appear.":                                                                                                                                                "已在第 %d 步排队：向控制器发送 CreateTopics(%s)。单步（→）或播放，看它出现。",
	"Click a line between two brokers, or a broker and the controller, to cut, heal or slow that network link (a simplified network: a cut drops every message, a slow link delays each by a fixed time). Click a message in flight to drop it.": "点击两个 broker 之间、或 broker 与控制器之间的连线，可以切断、恢复或减慢这条网络链路（网络是简化的：切断会丢弃每条消息，减慢会让每条消息延迟固定时间）。点击传输中的消息可以丢弃它。",
	// Lessons beside the lab.
	"This share link is for another lesson or step; the step started fresh instead.": "这个分享链接属于另一课或另一步；本步已重新开始。",
	"the lab is in the middle of a command: step forward, then check again":          "实验正处在一条命令的中间：先前进一步，再检查。",
	// The cluster picture's own words.
	"crash, power off, pause, restart or shut down": "崩溃、断电、暂停、重启或关闭",
	"paused: holds its messages and timers":         "已暂停：扣住它的消息和定时器",
	"Consumer":                                      "消费者",
	"group":                                         "组",
	"not in ISR":                                    "不在 ISR 中",
}

// withLang renders c in lang, as the wasm renders in the learner's language.
func withLang(lang string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return c.Render(WithLang(ctx, lang), w)
	})
}
