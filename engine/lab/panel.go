package lab

// panelAction is the verb of kind's twin lab command (`panel crash
// broker-2`, `panel consumer stop c1`, `panel cut A B` …), which is also
// the action the cluster's Panel* methods take; "" for the inputs that
// have no verb (produce, create-topic, drop-message, command).
func (k InputKind) panelAction() string {
	switch k {
	case InputStopBroker:
		return "stop"
	case InputStartBroker:
		return "start"
	case InputCrashBroker:
		return "crash"
	case InputPowerOffBroker:
		return "power-off"
	case InputPauseBroker:
		return "pause"
	case InputResumeBroker:
		return "resume"
	case InputRestartBroker:
		return "restart"
	case InputShutdownBroker:
		return "shutdown"
	case InputStartConsumer:
		return "start"
	case InputStopConsumer:
		return "stop"
	case InputCrashConsumer:
		return "crash"
	case InputRestartConsumer:
		return "restart"
	case InputCutLink:
		return "cut"
	case InputHealLink:
		return "heal"
	case InputSlowLink:
		return "slow"
	}
	return ""
}

// PanelAction is the verb of kind's twin lab command, for lessons/record;
// "" for produce, create-topic, drop-message and command inputs.
func (k InputKind) PanelAction() string { return k.panelAction() }
