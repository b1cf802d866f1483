using Goroscope.Watch.Storage;
using Npgsql;

namespace Goroscope.Watch.Tests.Postgres;

/// <summary>`--store postgres://…` read as libpq reads it. In the postgres collection: one test sets PG* variables, which no other test may see.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresUrlTests
{
    [Fact]
    public void Url_GivesUserPasswordHostPortDatabaseAndParameters()
    {
        var settings = PostgresStore.ConnectionSettings("postgres://watch:p%40ss%3Aword@db.internal:6543/goroscope?sslmode=verify-full&application_name=eu-1");
        Assert.Equal(("watch", "p@ss:word", "db.internal", 6543, "goroscope", SslMode.VerifyFull, "eu-1"),
            (settings.Username, settings.Password, settings.Host, settings.Port, settings.Database, settings.SslMode, settings.ApplicationName));
    }

    [Fact]
    public void HostParameter_IsAUnixSocketDirectory()
    {
        Assert.Equal("/run/postgresql", PostgresStore.ConnectionSettings("postgresql:///goroscope?host=/run/postgresql").Host);
    }

    [Fact]
    public void WhatTheUrlLeavesOut_ComesFromTheLibpqVariables()
    {
        string[] names = ["PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"];
        try
        {
            foreach (var (name, value) in names.Zip(["10.0.0.9", "6000", "envuser", "secret", "envdb"]))
                Environment.SetEnvironmentVariable(name, value);
            var fromEnvironment = PostgresStore.ConnectionSettings("postgres:///");
            Assert.Equal(("10.0.0.9", 6000, "envuser", "secret", "envdb"),
                (fromEnvironment.Host, fromEnvironment.Port, fromEnvironment.Username, fromEnvironment.Password, fromEnvironment.Database));
            var urlWins = PostgresStore.ConnectionSettings("postgres://watch@db:5433/goroscope");
            Assert.Equal(("db", 5433, "watch", "goroscope"), (urlWins.Host, urlWins.Port, urlWins.Username, urlWins.Database));
        }
        finally
        {
            foreach (var name in names)
                Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("postgres:///goroscope", "store postgres:///goroscope: no host (give one in the URL or in PGHOST)")]
    [InlineData("postgres://db/goroscope?sslmode=maybe", "store: sslmode=maybe is not one of disable, allow, prefer, require, verify-ca, verify-full")]
    [InlineData("postgres://db/goroscope?pool=9", "store: unknown URL parameter pool (sslmode, host, application_name)")]
    public void BadUrl_IsOneLineNamingWhatIsWrong(string url, string message) =>
        Assert.Equal(message, Assert.Throws<StoreException>(() => PostgresStore.ConnectionSettings(url)).Message);

    [Fact]
    public void Location_NamesTheStoreWithoutItsPassword()
    {
        var message = Assert.Throws<StoreException>(() => WatchStore.Open("postgres://watch:hunter2@127.0.0.1:1/goroscope")).Message;
        Assert.StartsWith("cannot open the store postgres://watch@127.0.0.1:1/goroscope: ", message);
        Assert.DoesNotContain("hunter2", message);
    }
}
