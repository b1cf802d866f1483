using Goroscope.Reports;

namespace Goroscope.Tests.Reports;

public class GitHubAnnotationTests
{
    [Fact]
    public void Message_escapes_percent_carriage_return_and_line_feed()
    {
        Assert.Equal("::error::100%25 done%0D%0Anext", new GitHubAnnotation("error", "100% done\r\nnext").ToString());
    }

    [Fact]
    public void Message_keeps_colon_and_comma()
    {
        Assert.Equal("::notice::a: b, c", new GitHubAnnotation("notice", "a: b, c").ToString());
    }

    [Fact]
    public void Property_escapes_colon_and_comma_too()
    {
        var annotation = new GitHubAnnotation("error", "m") { File = @"C:/build/100%,done/main.go", Title = "leak: a,b\r\nc" };

        Assert.Equal("::error file=C%3A/build/100%25%2Cdone/main.go,title=leak%3A a%2Cb%0D%0Ac::m", annotation.ToString());
    }

    [Fact]
    public void Properties_come_in_the_runner_order_file_line_col_endLine_endColumn_title()
    {
        var annotation = new GitHubAnnotation("warning", "m") { Title = "t", EndColumn = 5, EndLine = 4, Column = 3, Line = 2, File = "a.go" };

        Assert.Equal("::warning file=a.go,line=2,col=3,endLine=4,endColumn=5,title=t::m", annotation.ToString());
    }

    [Fact]
    public void Positions_of_zero_and_an_empty_file_are_left_out()
    {
        Assert.Equal("::error title=t::m", new GitHubAnnotation("error", "m") { File = "", Line = 0, Title = "t" }.ToString());
    }

    [Fact]
    public void WriteTo_writes_one_line()
    {
        var output = new StringWriter { NewLine = "\n" };

        new GitHubAnnotation("notice", "two\nlines").WriteTo(output);

        Assert.Equal("::notice::two%0Alines\n", output.ToString());
    }
}
