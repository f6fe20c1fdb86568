package partitioner_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/kafkalab/kafkalab/engine/partitioner"
)

func Example() {
	p, err := partitioner.New(partitioner.DefaultConfig(), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	topic := partitioner.Topic{NumPartitions: 3, Available: []int{0, 1, 2}}
	for _, key := range []string{"user-1", "user-2", "user-1"} {
		c, _ := p.Partition(topic, partitioner.NoPartition, []byte(key))
		fmt.Println(c)
	}
	fmt.Println(partitioner.CoordinatorPartition("my-group", 50))
	// Output:
	// murmur2("user-1") = 1404122828, & 0x7fffffff = 1404122828, % 3 = 2
	// murmur2("user-2") = -324981792, & 0x7fffffff = 1822501856, % 3 = 2
	// murmur2("user-1") = 1404122828, & 0x7fffffff = 1404122828, % 3 = 2
	// 12
}
