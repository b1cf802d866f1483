using Goroscope.Lint.Rules;

namespace Goroscope.Lint.Tests.Rules;

public class UnclosedResponseBodyTests
{
    [Fact]
    public void Body_read_but_never_closed_is_reported()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("io"; "net/http")

            func get(u string) ([]byte, error) {
            	resp, err := http.Get(u) // want "unclosed-response-body"
            	if err != nil {
            		return nil, err
            	}
            	return io.ReadAll(resp.Body)
            }

            func quieted(u string) {
            	resp, err := http.Get(u) // want "unclosed-response-body"
            	if err != nil {
            		return
            	}
            	_ = resp
            }

            func discarded(u string) error {
            	_, err := http.DefaultClient.Get(u) // want "unclosed-response-body"
            	return err
            }
            """);
    }

    [Fact]
    public void Head_requests_are_not_reported_since_their_response_has_no_body()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("context"; "net/http")

            func exists(u string) bool {
            	resp, err := http.Head(u)
            	return err == nil && resp.StatusCode == http.StatusOK
            }

            func presigned(c *http.Client, u string) (string, error) {
            	req, err := http.NewRequest(http.MethodHead, u, nil)
            	if err != nil {
            		return "", err
            	}
            	resp, err := c.Do(req)
            	if err != nil {
            		return "", err
            	}
            	return resp.Header.Get("ETag"), nil
            }

            func withContext(ctx context.Context, u string) int {
            	req, _ := http.NewRequestWithContext(ctx, "HEAD", u, nil)
            	resp, err := http.DefaultClient.Do(req)
            	if err != nil {
            		return 0
            	}
            	return resp.StatusCode
            }

            func reused(c *http.Client, u string) int {
            	req, _ := http.NewRequest(http.MethodHead, u, nil)
            	head, err := c.Do(req)
            	if err != nil {
            		return 0
            	}
            	req, _ = http.NewRequest(http.MethodGet, u, nil)
            	resp, err := c.Do(req) // want "unclosed-response-body"
            	if err != nil {
            		return 0
            	}
            	return head.StatusCode + resp.StatusCode
            }
            """);
    }

    [Fact]
    public void Return_on_a_bad_status_before_the_close_is_reported()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("errors"; "net/http")

            func get(c *http.Client, req *http.Request) error {
            	resp, err := c.Do(req) // want "unclosed-response-body"
            	if err != nil {
            		return err
            	}
            	if resp.StatusCode != http.StatusOK {
            		return errors.New(resp.Status)
            	}
            	defer resp.Body.Close()
            	return nil
            }
            """);
    }

    [Fact]
    public void Deferred_close_returned_response_and_body_handed_off_are_not_reported()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("io"; "net/http")

            func deferred(u string) ([]byte, error) {
            	resp, err := http.Get(u)
            	if err != nil {
            		return nil, err
            	}
            	defer resp.Body.Close()
            	return io.ReadAll(resp.Body)
            }

            func returned(u string) (*http.Response, error) {
            	resp, err := http.Get(u)
            	return resp, err
            }

            func handedOff(u string) error {
            	resp, err := http.Get(u)
            	if err != nil {
            		return err
            	}
            	return drainAndClose(resp.Body)
            }

            func closure(u string) error {
            	resp, err := http.Get(u)
            	if err != nil {
            		return err
            	}
            	defer func() { resp.Body.Close() }()
            	return nil
            }

            type other struct{}
            func (other) Get(string) (int, error) { return 0, nil }

            func notHTTP(o other) {
            	n, _ := o.Get("x")
            	_ = n
            }

            func drainAndClose(io.ReadCloser) error { return nil }
            """);
    }

    [Fact]
    public void Response_from_a_package_wrapper_never_closed_is_reported_with_the_wrapper()
    {
        var finding = Assert.Single(LintTest.CheckTyped(UnclosedResponseBody.Rule, """
            package p

            import "net/http"

            func fetch(url string) (*http.Response, error) {
            	return http.Get(url)
            }

            func ok(url string) bool {
            	resp, err := fetch(url) // want "unclosed-response-body"
            	return err == nil && resp.StatusCode == http.StatusOK
            }
            """));
        Assert.Equal(5, Assert.Single(finding.Related).Start.Line);
    }

    [Fact]
    public void Wrapper_that_defers_the_close_itself_hands_back_no_open_body()
    {
        LintTest.CheckTyped(UnclosedResponseBody.Rule, """
            package p

            import "net/http"

            func head(url string) (*http.Response, error) {
            	resp, err := http.Get(url)
            	if err != nil {
            		return nil, err
            	}
            	defer resp.Body.Close()
            	return resp, nil
            }

            func ok(url string) bool {
            	resp, err := head(url)
            	return err == nil && resp.StatusCode == http.StatusOK
            }
            """);
    }

    [Fact]
    public void Return_in_the_error_case_of_a_tagless_switch_is_not_reported()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("errors"; "net/http")

            func get(c *http.Client, req *http.Request) (*http.Response, error) {
            	res, err := c.Do(req)
            	switch {
            	case err != nil:
            		return nil, err
            	case res.StatusCode == http.StatusOK:
            		return res, nil
            	default:
            		defer res.Body.Close()
            		return nil, errors.New(res.Status)
            	}
            }
            """);
    }

    [Fact]
    public void Return_in_another_case_of_a_tagless_switch_before_the_close_is_reported()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("errors"; "net/http")

            func get(c *http.Client, req *http.Request) error {
            	res, err := c.Do(req) // want "unclosed-response-body"
            	switch {
            	case err != nil:
            		return err
            	case res.StatusCode != http.StatusOK:
            		return errors.New(res.Status)
            	}
            	defer res.Body.Close()
            	return nil
            }
            """);
    }

    [Fact]
    public void Response_a_function_literal_assigns_to_a_variable_of_the_enclosing_function_is_judged_there()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import "net/http"

            func retry(f func() error) error { return f() }

            func get(client *http.Client, req *http.Request) (*http.Response, error) {
            	var res *http.Response
            	err := retry(func() error {
            		var err error
            		res, err = client.Do(req)
            		return err
            	})
            	if err != nil {
            		return nil, err
            	}
            	return res, nil
            }
            """);
    }

    [Fact]
    public void Response_a_function_literal_assigns_to_a_variable_of_the_enclosing_function_that_never_closes_it_is_reported()
    {
        LintTest.Check(UnclosedResponseBody.Rule, """
            package a

            import ("errors"; "net/http")

            func retry(f func() error) error { return f() }

            func status(client *http.Client, req *http.Request) (int, error) {
            	var res *http.Response
            	err := retry(func() error {
            		var err error
            		res, err = client.Do(req) // want "unclosed-response-body"
            		return err
            	})
            	if err != nil {
            		return 0, err
            	}
            	return res.StatusCode, nil
            }

            func check(client *http.Client, req *http.Request) error {
            	var res *http.Response
            	err := retry(func() error {
            		var err error
            		res, err = client.Do(req) // want "unclosed-response-body"
            		return err
            	})
            	if err != nil {
            		return err
            	}
            	if res.StatusCode != http.StatusOK {
            		return errors.New(res.Status)
            	}
            	defer res.Body.Close()
            	return nil
            }
            """);
    }
}
