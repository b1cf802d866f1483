using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class ClientWithoutTimeoutTests
{
    [Fact]
    public void Client_literal_without_timeout_is_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            var client = &http.Client{} // want "client-without-timeout"

            func newClient() *http.Client {
            	c := http.Client{} // want "client-without-timeout"
            	return &c
            }
            """);
    }

    [Fact]
    public void Default_client_in_server_code_is_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            type proxy struct{}

            func (proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
            	resp, err := http.Get("http://upstream/") // want "client-without-timeout"
            	if err == nil {
            		resp.Body.Close()
            	}
            }
            """);
    }

    [Fact]
    public void Timeout_set_transport_given_and_default_client_outside_servers_are_not_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import ("net/http"; "time")

            var withTimeout = &http.Client{Timeout: 10 * time.Second}

            var withTransport = &http.Client{Transport: &http.Transport{ResponseHeaderTimeout: time.Second}}

            func later() *http.Client {
            	c := &http.Client{}
            	c.Timeout = time.Second
            	return c
            }

            type service struct{}

            func (service) ServeHTTP(w http.ResponseWriter, r *http.Request) {}

            func fetchOutsideAHandler() {
            	resp, err := http.Get("http://example.com/")
            	if err == nil {
            		resp.Body.Close()
            	}
            }

            func cli() {
            	resp, err := http.Get("http://example.com/")
            	if err == nil {
            		resp.Body.Close()
            	}
            }
            """);
    }
}
