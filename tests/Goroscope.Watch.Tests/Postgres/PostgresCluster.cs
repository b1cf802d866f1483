using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Goroscope.Watch.Tests.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster of the test run's own: Debian's server binaries (.ci/run installs `postgresql`),
/// `initdb` into a temporary folder, listening on a free loopback port with its Unix socket in that folder, stopped
/// and deleted when the run ends. PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres`
/// user the package creates. Every test gets a database of its own (<see cref="NewDatabase"/>).
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private const string User = "goroscope";
    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asPostgres;
    private int _databases;

    public PostgresCluster()
    {
        _bin = BinDirectory();
        _folder = Directory.CreateTempSubdirectory("goroscope-pg-").FullName;
        _asPostgres = Environment.UserName == "root";
        if (_asPostgres)
            Run("chown", "postgres", _folder);
        Port = FreePort();
        var data = Path.Combine(_folder, "data");
        Server("initdb", "-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync");
        Server("pg_ctl", "start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(_folder, "server.log"),
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300");
    }

    public int Port { get; }

    /// <summary>The server's own log, for failure messages.</summary>
    public string ServerLog => File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "";

    /// <summary>A new, empty database; its postgres:// URL.</summary>
    public string NewDatabase()
    {
        var name = $"test{Interlocked.Increment(ref _databases)}";
        using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username={User};Database=postgres"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }
        return Url(name);
    }

    public string Url(string database) => $"postgres://{User}@127.0.0.1:{Port}/{database}";

    /// <summary>Runs SQL against a database of the cluster (to look at what watch wrote, or to break it).</summary>
    public void Execute(string url, string sql)
    {
        using var connection = Unpooled(url);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Not pooled: a test that cuts a database's connections must not cut its own.</summary>
    private static NpgsqlConnection Unpooled(string url)
    {
        var settings = Storage.PostgresStore.ConnectionSettings(url);
        settings.Pooling = false;
        return new NpgsqlConnection(settings.ConnectionString);
    }

    public List<object[]> Query(string url, string sql)
    {
        using var connection = Unpooled(url);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var rows = command.ExecuteReader();
        var result = new List<object[]>();
        while (rows.Read())
        {
            var row = new object[rows.FieldCount];
            rows.GetValues(row);
            result.Add(row);
        }
        return result;
    }

    /// <summary>The server binaries of the installed PostgreSQL: `pg_config --bindir`, else the newest under /usr/lib/postgresql.</summary>
    private static string BinDirectory()
    {
        try
        {
            var bindir = Run("pg_config", "--bindir").Trim();
            if (File.Exists(Path.Combine(bindir, "initdb")))
                return bindir;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
        }
        var newest = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return newest ?? throw new InvalidOperationException("no PostgreSQL server binaries (initdb): run `apt-get install -y postgresql` (.ci/run does)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Server(string program, params string[] args)
    {
        var binary = Path.Combine(_bin, program);
        if (_asPostgres)
            Run("runuser", ["-u", "postgres", "--", binary, .. args]);
        else
            Run(binary, args);
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {errors.Result}{output.Result}");
        return output.Result;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Server("pg_ctl", "stop", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
