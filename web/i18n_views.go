package web

// zhViews is the Chinese of the metrics strip and of the storage and groups
// views, kept apart from zh (the chrome's) so the views' strings live
// together. Tr looks in zh first, then here. Kafka's names (config names,
// error names, file names, kafka-consumer-groups.sh's column headers) stay
// English.
var zhViews = map[string]string{
	// Metrics strip.
	"Cluster metrics":    "集群指标",
	"Under-replicated":   "副本不足",
	"Offline":            "离线",
	"In sync":            "同步副本",
	"Produce rec/s":      "生产 条/秒",
	"Consume rec/s":      "消费 条/秒",
	"Total lag":          "总 lag",
	"Leaders per broker": "每个 broker 的 leader 数",
	"Partitions whose ISR is smaller than their replica set (UnderReplicatedPartitions), internal topics included":             "ISR 比副本集合小的分区数（UnderReplicatedPartitions），包括内部主题",
	"Partitions without a leader (OfflinePartitionsCount): no ISR member is alive to lead":                                     "没有 leader 的分区数（OfflinePartitionsCount）：ISR 中没有存活的成员可以当 leader",
	"Replicas in their partition's ISR, of all replicas assigned":                                                              "在所属分区 ISR 中的副本数／分配的副本总数",
	"Records appended to partition leaders in the last simulated second (growth of the leaders' log end offsets, user topics)": "最近一个模拟秒内追加到分区 leader 的记录数（leader 日志末端 offset 的增长，仅用户主题）",
	"Records the lab's consumers processed in the last simulated second":                                                       "最近一个模拟秒内实验中消费者处理的记录数",
	"Sum over groups and partitions of high watermark − committed offset, as kafka-consumer-groups.sh computes LAG":            "所有组和分区的（高水位 − 已提交 offset）之和，与 kafka-consumer-groups.sh 计算 LAG 的方式相同",
	"Partitions each broker leads (LeaderCount), internal topics included":                                                     "每个 broker 担任 leader 的分区数（LeaderCount），包括内部主题",
}
