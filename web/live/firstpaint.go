package live

import (
	"github.com/kafkalab/kafkalab/engine/lab"
	"github.com/kafkalab/kafkalab/web"
)

// DefaultUI is the page's state when the lab starts: the cluster tab,
// paused at speed 4 (10 events/s), nothing selected.
func DefaultUI() UI {
	return UI{Speed: 4, Segment: -1, File: "log", Lookup: -1, StoreBroker: -1}
}

// DefaultProduce is the produce panel's form as the page starts (the
// values web.ProducePanel puts in its fields, as lab.js sends them).
var DefaultProduce = lab.ProduceRequest{Topic: lab.DefaultTopic, Key: "user-2", Acks: "all"}

// PredictionOf is the produce panel's hint for req.
func PredictionOf(s *lab.Session, req lab.ProduceRequest) web.PredictionVM {
	vm := web.PredictionVM{Partition: -1}
	p, err := s.Predict(req)
	vm.Partition, vm.Reason = int(p.Partition), p.Reason
	if err != nil {
		vm.Error = err.Error()
	}
	return vm
}

// FirstPaint is the live lab as it starts: a fresh session with seed
// lab.DefaultSeed at position 0, DefaultUI, the prediction for
// DefaultProduce. The server draws it into the lab page so the cluster shows
// before the wasm has loaded; the wasm boots the same session and draws the
// same HTML over it (e2e/live_firstpaint_test.go compares them), so
// nothing moves when it takes over.
func FirstPaint() (web.LiveVM, error) {
	s, err := lab.New(lab.Config{Seed: lab.DefaultSeed})
	if err != nil {
		return web.LiveVM{}, err
	}
	var b Builder
	vm := b.Build(s, DefaultUI())
	p := PredictionOf(s, DefaultProduce)
	vm.Prediction = &p
	return vm, nil
}
