package emulator_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atender/atender/internal/emulator/emulatortest"
	"github.com/atender/atender/internal/facts"
	"github.com/atender/atender/internal/kb"
)

// BenchmarkClientAgainstLimiters measures the client's "Remaining is the immediate budget" model (issue 13)
// against both kinds of server the emulator can be, alone and with a simulated second client spending the
// same key (Options.OtherClient, a third of the sustained rate). The bucket comes in both conventions for
// X-RateLimit-Reset: until full (bucket) and until the next token (bucket-next). The window is shortened to 2 s; a run is
// 6 windows with 8 workers. Reported: our requests per window after the first window, as a percentage of
// the tier's sustained rate less what the other client spends (goal ≥ 95%), and the 429s we got (goal 0
// alone, ≤ 5 with the other client).
//
//	go test -run '^$' -bench ClientAgainstLimiters -benchtime 1x ./internal/emulator/
func BenchmarkClientAgainstLimiters(b *testing.B) {
	const window, windows = 2 * time.Second, 6
	for _, limiter := range []string{emulatortest.LimiterBucket, emulatortest.LimiterBucketNext, emulatortest.LimiterWindow} {
		for _, name := range []string{"starter", "professional"} {
			for _, other := range []bool{false, true} {
				if limiter == emulatortest.LimiterWindow && !other {
					continue // the window alone: internal/kb's BenchmarkLimiterSustained
				}
				label := limiter + "/" + name
				if other {
					label += "/other-client"
				}
				b.Run(label, func(b *testing.B) {
					tier := facts.Tiers[name]
					spent := 0
					if other {
						spent = tier.PerMinute / 3
					}
					for range b.N {
						h := emulatortest.Start(b, emulatortest.Options{Tier: tier, Window: window, Latency: 5 * time.Millisecond,
							Limiter: limiter, OtherClient: spent})
						var n429 atomic.Int64
						c := kb.NewClient(kb.Options{BaseURL: h.URL, APIKey: h.WriteKey, Rate: kb.RateConfig{Window: window},
							HTTPClient: &http.Client{Transport: count429{&n429}, Timeout: 10 * time.Second}, MaxRetryAfter: window, Max429Retries: 100})
						start := time.Now()
						stop := make(chan struct{})
						time.AfterFunc(windows*window, func() { close(stop) })
						var mu sync.Mutex
						after := 0
						var wg sync.WaitGroup
						for range 8 {
							wg.Add(1)
							go func() {
								defer wg.Done()
								for {
									select {
									case <-stop:
										return
									default:
									}
									if _, err := c.Probe(context.Background(), http.MethodGet, "/categories", nil); err != nil {
										b.Error(err)
										return
									}
									if time.Since(start) >= window {
										mu.Lock()
										after++
										mu.Unlock()
									}
								}
							}()
						}
						wg.Wait()
						perWindow := float64(after) / float64(windows-1)
						b.ReportMetric(100*perWindow/float64(tier.PerMinute-spent), "%available")
						b.ReportMetric(perWindow, "req/window")
						b.ReportMetric(float64(n429.Load()), "429s")
					}
				})
			}
		}
	}
}

// count429 is a transport that counts 429 replies.
type count429 struct{ n *atomic.Int64 }

func (c count429) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		c.n.Add(1)
	}
	return resp, err
}
