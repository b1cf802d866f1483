package timeafter

import "time"

// etcd-style lease keeper: every renewal allocates a timer that lives for the whole TTL.
func keepAlive(renewals <-chan int, stop chan struct{}) {
	for {
		select {
		case <-renewals:
		case <-stop:
			return
		case t := <-time.After(30 * time.Second): // want "time-after-in-loop"
			_ = t
		}
	}
}
