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

    [Fact]
    public void Client_in_a_test_file_is_not_reported_and_its_twin_in_the_package_is()
    {
        LintTest.CheckFiles(ClientWithoutTimeout.Rule,
        [
            ("api.go", """
                package a

                import "net/http"

                var client = &http.Client{} // want "client-without-timeout"
                """),
            ("api_test.go", """
                package a

                import ("net/http"; "testing")

                func TestGet(t *testing.T) {
                	c := &http.Client{}
                	_ = c
                }
                """),
        ]);
    }

    [Fact]
    public void Client_whose_transport_is_set_later_through_its_field_is_not_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            type server struct{ client *http.Client }

            func (s *server) start(tr *http.Transport) {
            	s.client = &http.Client{}
            	s.client.Transport = tr
            }
            """);
    }

    [Fact]
    public void Client_in_a_field_whose_transport_is_never_set_is_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            type server struct{ client, other *http.Client }

            func (s *server) start(tr *http.Transport) {
            	s.client = &http.Client{} // want "client-without-timeout"
            	s.other.Transport = tr
            }
            """);
    }

    [Fact]
    public void Client_made_only_when_the_caller_passed_none_is_not_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            type api struct{ c *http.Client }

            func newAPI(c *http.Client) *api {
            	if c == nil {
            		c = &http.Client{}
            	}
            	return &api{c: c}
            }
            """);
    }

    [Fact]
    public void Client_made_under_a_nil_check_of_something_else_is_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            type api struct{ c *http.Client }

            func newAPI(c *http.Client, jar http.CookieJar) *api {
            	if jar == nil {
            		c = &http.Client{} // want "client-without-timeout"
            	}
            	return &api{c: c}
            }
            """);
    }

    [Fact]
    public void Local_client_whose_every_request_carries_a_context_is_not_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import ("context"; "net/http")

            func put(ctx context.Context, u string) error {
            	req, err := http.NewRequestWithContext(ctx, http.MethodPut, u, nil)
            	if err != nil {
            		return err
            	}
            	c := http.Client{}
            	c.CheckRedirect = nil
            	resp, err := c.Do(req)
            	if err != nil {
            		return err
            	}
            	return resp.Body.Close()
            }

            func del(ctx context.Context, r *http.Request) error {
            	var c = &http.Client{}
            	resp, err := c.Do(r.WithContext(ctx))
            	if err != nil {
            		return err
            	}
            	return resp.Body.Close()
            }
            """);
    }

    [Fact]
    public void Local_client_with_a_request_without_a_context_is_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import ("context"; "net/http")

            func put(ctx context.Context, u string) error {
            	req, _ := http.NewRequestWithContext(ctx, http.MethodPut, u, nil)
            	c := http.Client{} // want "client-without-timeout"
            	if _, err := c.Do(req); err != nil {
            		return err
            	}
            	req, _ = http.NewRequest(http.MethodDelete, u, nil)
            	resp, err := c.Do(req)
            	if err != nil {
            		return err
            	}
            	return resp.Body.Close()
            }

            func get(u string) (*http.Response, error) {
            	c := &http.Client{} // want "client-without-timeout"
            	return c.Get(u)
            }
            """);
    }

    [Fact]
    public void Default_client_in_a_handler_with_a_request_of_the_handlers_context_is_not_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            func proxy(w http.ResponseWriter, r *http.Request) {
            	req, _ := http.NewRequestWithContext(r.Context(), http.MethodGet, "http://upstream/", nil)
            	resp, err := http.DefaultClient.Do(req)
            	if err == nil {
            		resp.Body.Close()
            	}
            }
            """);
    }

    [Fact]
    public void Default_client_in_a_handler_with_a_request_without_a_context_is_reported()
    {
        LintTest.Check(ClientWithoutTimeout.Rule, """
            package a

            import "net/http"

            func proxy(w http.ResponseWriter, r *http.Request) {
            	req, _ := http.NewRequest(http.MethodGet, "http://upstream/", nil)
            	resp, err := http.DefaultClient.Do(req) // want "client-without-timeout"
            	if err == nil {
            		resp.Body.Close()
            	}
            }
            """);
    }
}
