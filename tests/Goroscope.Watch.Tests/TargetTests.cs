using Goroscope.Config;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch.Tests;

public class TargetTests
{
    [Theory]
    [InlineData("127.0.0.1:6060", "127.0.0.1:6060", "http://127.0.0.1:6060/")]
    [InlineData("orders=http://10.0.0.5:6060/debug/pprof/", "orders", "http://10.0.0.5:6060/")]
    [InlineData("api=https://svc.example:8443/admin/debug/pprof/goroutine?debug=1", "api", "https://svc.example:8443/admin/")]
    public void Parse_TakesNameAndPrefixFromTheEndpointRules(string text, string name, string baseUrl)
    {
        var target = Target.Parse(text);
        Assert.Equal(name, target.Name);
        Assert.Equal(baseUrl, target.BaseUrl.ToString());
    }

    [Fact]
    public void Parse_RejectsWhatIsNoLiveTarget() =>
        Assert.StartsWith("target ftp://x:1: not a live target", Assert.Throws<TargetException>(() => Target.Parse("ftp://x:1")).Message);

    [Fact]
    public void FileSd_ReadsGroupsWithLabelsAndSchemeAndPath()
    {
        var targets = FileSd.Parse("sd.json", """
            [{"targets": ["10.0.0.1:6060", "10.0.0.2:6060"], "labels": {"team": "payments", "__scheme__": "https", "__metrics_path__": "/admin"}},
             {"targets": ["10.0.0.3:6060"], "labels": {"name": "search"}}]
            """);
        Assert.Equal(["10.0.0.1:6060", "10.0.0.2:6060", "search"], targets.Select(t => t.Name));
        Assert.Equal("https://10.0.0.1:6060/admin/", targets[0].BaseUrl.ToString());
        Assert.Equal("payments", targets[0].Labels["team"]);
        Assert.DoesNotContain("__scheme__", targets[0].Labels.Keys);
    }

    [Fact]
    public void FileSd_BadJson_NamesFileAndLine() =>
        Assert.StartsWith("sd.json:2: not file_sd JSON", Assert.Throws<TargetException>(() => FileSd.Parse("sd.json", "[\n{\"targets\": 5}]")).Message);

    [Fact]
    public void Catalog_RereadsAFileSdFileWhenItChanges_AndKeepsLastGoodOnError()
    {
        var dir = Directory.CreateTempSubdirectory("goroscope-sd-").FullName;
        var path = Path.Combine(dir, "targets.json");
        File.WriteAllText(path, """[{"targets": ["127.0.0.1:1"]}]""");
        var reports = new List<string>();
        var catalog = new TargetCatalog([Target.Parse("fixed=127.0.0.1:9")], [Path.Combine(dir, "*.json")], reports.Add);
        Assert.Equal(["fixed", "127.0.0.1:1"], catalog.Current().Select(t => t.Name));

        File.WriteAllText(path, """[{"targets": ["127.0.0.1:1", "127.0.0.1:2"]}]""");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(["fixed", "127.0.0.1:1", "127.0.0.1:2"], catalog.Current().Select(t => t.Name));
        Assert.Contains(reports, r => r.Contains("reloaded") && r.Contains("2 target(s)"));

        File.WriteAllText(path, "{ broken");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(3, catalog.Current().Count);
        Assert.Contains(reports, r => r.Contains("not file_sd JSON"));
    }

    [Fact]
    public void ConfigFile_SetsTargetsThresholdsAndAlerting()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("goroscope-cfg-").FullName, "watch.yml");
        File.WriteAllText(path, """
            version: 1
            watch:
              interval: 5s
              db: state/watch.db
              targets:
                - http://127.0.0.1:6060
                - url: http://127.0.0.1:6061
                  name: orders
                  labels: { team: payments }
              file-sd: [ sd/*.json ]
              detection: { window: 2m, min-growth: 20, min-slope: 2.5, min-monotonicity: 0.9, min-samples: 3, concentration: 500 }
              alertmanager: http://127.0.0.1:9093
            """);
        var options = WatchConfigFile.Load(path, new WatchOptions());
        Assert.Equal(TimeSpan.FromSeconds(5), options.Interval);
        Assert.Equal(Path.Combine(Path.GetDirectoryName(path)!, "state/watch.db"), options.Store);
        Assert.Equal(["127.0.0.1:6060", "orders"], options.Targets.Select(t => t.Name));
        Assert.Equal("payments", options.Targets[1].Labels["team"]);
        Assert.Equal(new Detection.Thresholds(TimeSpan.FromMinutes(2), 3, 20, 2.5, 0.9, 500), options.Detection);
        Assert.Equal("http://127.0.0.1:9093/", options.Alertmanager!.ToString());
        Assert.Single(options.FileSd);
    }

    [Fact]
    public void ConfigFile_SetsAPostgresStoreAsGiven_WithLeaseTtlAndBuffer()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("goroscope-cfg-").FullName, "watch.yml");
        File.WriteAllText(path, """
            version: 1
            watch:
              store: postgres://goroscope@db.internal:5432/goroscope
              lease-ttl: 45s
              store-buffer: 2000
              shard: 1/3
            """);
        var options = WatchConfigFile.Load(path, new WatchOptions());
        Assert.Equal(("postgres://goroscope@db.internal:5432/goroscope", TimeSpan.FromSeconds(45), 2000, new Fleet.Shard(1, 3)),
            (options.Store, options.LeaseTtl, options.StoreBuffer, options.Shard));
    }

    [Fact]
    public void ConfigFile_Push_TakesPushedProfiles()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("goroscope-cfg-").FullName, "watch.yml");
        File.WriteAllText(path, "version: 1\nwatch:\n  push: true\n");
        Assert.True(WatchConfigFile.Load(path, new WatchOptions()).AcceptPushes);
    }

    [Theory]
    [InlineData("version: 1\nwatch:\n  shard: 3/3\n", ":3: 3/3: expected i/N with 0 <= i < N, such as 0/3")]
    [InlineData("version: 1\nwatch:\n  interval: soon\n", ":3: soon is not a duration")]
    [InlineData("version: 1\nwatch:\n  intervals: 5s\n", ":3: unknown watch setting `intervals`")]
    [InlineData("version: 1\nwatch:\n  push: yes\n", ":3: yes is not true or false")]
    [InlineData("version: 1\nwatch:\n  detection: { min-monotonicity: 2 }\n", ":3: 2 is not a number from 0 to 1")]
    [InlineData("version: 1\nwatch:\n  targets:\n    - name: x\n", ":4: a target needs a url")]
    [InlineData("version: 2\n", ":1: unsupported version 2")]
    public void ConfigFile_Errors_NameFileAndLine(string yaml, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("goroscope-cfg-").FullName, "watch.yml");
        File.WriteAllText(path, yaml);
        var message = Assert.Throws<ConfigException>(() => WatchConfigFile.Load(path, new WatchOptions())).Message;
        Assert.Equal(path + expected, message[..(path.Length + expected.Length)]);
    }
}
