using System.Net.Sockets;
using MatchingPlatform.Data.Providers;
using MatchingPlatform.Data.Providers.Dialects;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MatchingPlatform.Data.Tests.Providers;

/// <summary>The SQL each dialect produces, and how each classifies errors. No database needed.</summary>
public sealed class DialectSqlTests
{
    private static readonly Table Pairs = new("pairs", ["a", "b"],
        [new Column("a", ColumnType.Text), new Column("b", ColumnType.Int), new Column("note_text", ColumnType.Text)]);

    private static readonly Table Events = new("events", ["a", "b"], [new Column("a", ColumnType.Text), new Column("b", ColumnType.Int)]);

    [Fact]
    public void Parameters_are_the_pascal_case_of_the_columns() =>
        Assert.Equal("INSERT INTO pairs (a, b, note_text) VALUES (@A, @B, @NoteText)", Pairs.InsertSql);

    [Fact]
    public void Paging()
    {
        Assert.Equal("LIMIT @take", SqliteDialect.Instance.FirstRows("@take"));
        Assert.Equal("LIMIT @take", PostgresDialect.Instance.FirstRows("@take"));
        Assert.Equal("OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY", SqlServerDialect.Instance.FirstRows("@take"));
    }

    [Fact]
    public void Paging_past_rows()
    {
        Assert.Equal("LIMIT @take OFFSET @skip", SqliteDialect.Instance.SkipThenFirstRows("@skip", "@take"));
        Assert.Equal("LIMIT @take OFFSET @skip", PostgresDialect.Instance.SkipThenFirstRows("@skip", "@take"));
        Assert.Equal("OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY", SqlServerDialect.Instance.SkipThenFirstRows("@skip", "@take"));
    }

    [Fact]
    public void Insert_returning_the_identity()
    {
        Assert.Equal("INSERT INTO events (a, b) VALUES (@A, @B) RETURNING id", SqliteDialect.Instance.InsertReturning(Events, "id"));
        Assert.Equal("INSERT INTO events (a, b) VALUES (@A, @B) RETURNING id", PostgresDialect.Instance.InsertReturning(Events, "id"));
        Assert.Equal("INSERT INTO events (a, b) OUTPUT INSERTED.id VALUES (@A, @B)", SqlServerDialect.Instance.InsertReturning(Events, "id"));
    }

    [Fact]
    public void Appenders_are_serialised_by_a_lock_that_readers_pass()
    {
        // SQLite: its transactions begin IMMEDIATE, one writer at a time (SqliteWriteTransactionTests).
        Assert.Null(SqliteDialect.Instance.LockForAppend("alert_events"));
        // PostgreSQL: self-conflicting, and conflicting with INSERT's ROW EXCLUSIVE, but not with SELECT's ACCESS SHARE.
        Assert.Equal("LOCK TABLE alert_events IN SHARE ROW EXCLUSIVE MODE", PostgresDialect.Instance.LockForAppend("alert_events"));
        // SQL Server: an exclusive application lock owned by the transaction, failing loudly when not granted; not a
        // TOP 0 table hint, which a plan that never reads the table ignores.
        var sqlServer = SqlServerDialect.Instance.LockForAppend("alert_events")!;
        Assert.Contains("EXEC @granted = sp_getapplock @Resource = N'append:alert_events', @LockMode = 'Exclusive', @LockOwner = 'Transaction';", sqlServer);
        Assert.Contains("IF @granted < 0 THROW 51000,", sqlServer);
        Assert.DoesNotContain("TOP 0", sqlServer);
    }

    [Fact]
    public void List_membership()
    {
        Assert.Equal("id IN @ids", SqliteDialect.Instance.In("id", "@ids"));
        Assert.Equal("id = ANY(@ids)", PostgresDialect.Instance.In("id", "@ids"));
        Assert.Equal("id IN @ids", SqlServerDialect.Instance.In("id", "@ids"));
    }

    [Fact]
    public void Insert_if_absent_and_returning_the_identity()
    {
        const string onConflict = "INSERT INTO events (a, b) VALUES (@A, @B) ON CONFLICT (a, b) DO NOTHING";
        Assert.Equal(onConflict, SqliteDialect.Instance.InsertIfAbsent(Events));
        Assert.Equal(onConflict + " RETURNING id", SqliteDialect.Instance.InsertIfAbsent(Events, returning: "id"));
        Assert.Equal(onConflict + " RETURNING id", PostgresDialect.Instance.InsertIfAbsent(Events, returning: "id"));
        Assert.Equal(
            "INSERT INTO events (a, b) OUTPUT INSERTED.id SELECT @A, @B WHERE NOT EXISTS " +
            "(SELECT 1 FROM events WITH (UPDLOCK, HOLDLOCK) WHERE a = @A AND b = @B)",
            SqlServerDialect.Instance.InsertIfAbsent(Events, returning: "id"));
        Assert.DoesNotContain("OUTPUT", SqlServerDialect.Instance.InsertIfAbsent(Events));
    }

    [Fact]
    public void Upsert()
    {
        const string onConflict = "INSERT INTO pairs (a, b, note_text) VALUES (@A, @B, @NoteText) ON CONFLICT (a, b) DO UPDATE SET note_text = excluded.note_text";
        Assert.Equal(onConflict, SqliteDialect.Instance.Upsert(Pairs));
        Assert.Equal(onConflict, PostgresDialect.Instance.Upsert(Pairs));
        Assert.Equal(
            "MERGE INTO pairs WITH (HOLDLOCK) AS t USING (VALUES (@A, @B, @NoteText)) AS s (a, b, note_text) ON t.a = s.a AND t.b = s.b " +
            "WHEN MATCHED THEN UPDATE SET t.note_text = s.note_text WHEN NOT MATCHED THEN INSERT (a, b, note_text) VALUES (s.a, s.b, s.note_text);",
            SqlServerDialect.Instance.Upsert(Pairs));
        // A table that is all key has nothing to update.
        Assert.EndsWith("ON CONFLICT (a, b) DO NOTHING", PostgresDialect.Instance.Upsert(Events));
        Assert.DoesNotContain("WHEN MATCHED", SqlServerDialect.Instance.Upsert(Events));
    }

    [Fact]
    public void Date_of_a_timestamp()
    {
        Assert.Equal("date(t / 1000, 'unixepoch')", SqliteDialect.Instance.UtcDate("t"));
        Assert.Equal("to_char(DATE '1970-01-01' + CAST(t / 86400000 AS INTEGER), 'YYYY-MM-DD')", PostgresDialect.Instance.UtcDate("t"));
        Assert.Equal("CONVERT(CHAR(10), DATEADD(DAY, t / 86400000, CAST('1970-01-01' AS DATE)), 23)", SqlServerDialect.Instance.UtcDate("t"));
    }

    [Fact]
    public void A_key_column_must_be_written() =>
        Assert.Throws<ArgumentException>(() => new Table("t", ["missing"], [new Column("a", ColumnType.Text)]));

    [Fact]
    public void Unique_violations_are_recognised_per_provider()
    {
        Assert.True(SqliteDialect.Instance.IsUniqueViolation(new SqliteException("pk", 19, 1555)));
        Assert.True(SqliteDialect.Instance.IsUniqueViolation(new SqliteException("unique", 19, 2067)));
        Assert.False(SqliteDialect.Instance.IsUniqueViolation(new SqliteException("foreign key", 19, 787)));
        Assert.True(PostgresDialect.Instance.IsUniqueViolation(new PostgresException("dup", "ERROR", "ERROR", "23505")));
        Assert.False(PostgresDialect.Instance.IsUniqueViolation(new PostgresException("fk", "ERROR", "ERROR", "23503")));
    }

    [Fact]
    public void Unavailable_means_the_connection_not_the_request()
    {
        var postgres = PostgresDialect.Instance;
        Assert.True(postgres.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(postgres.IsUnavailable(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(postgres.IsUnavailable(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")));
        Assert.True(postgres.IsUnavailable(new PostgresException("too many connections", "FATAL", "FATAL", "53300")));
        Assert.False(postgres.IsUnavailable(new PostgresException("could not serialize access", "ERROR", "ERROR", "40001")));
        Assert.False(postgres.IsUnavailable(new PostgresException("dup", "ERROR", "ERROR", "23505")));
        Assert.False(postgres.IsUnavailable(new InvalidOperationException()));
        Assert.True(SqliteDialect.Instance.IsUnavailable(new SqliteException("database is locked", 5)));
        Assert.False(SqliteDialect.Instance.IsUnavailable(new SqliteException("constraint", 19)));
        Assert.False(SqlServerDialect.Instance.IsUnavailable(new TimeoutException()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=data/matching.db", null)]
    [InlineData(DatabaseProvider.Sqlite, "Nonsense=1", "Database:ConnectionString is not a valid Sqlite connection string")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Username=matching;Password=secret;Database=matching", null)]
    [InlineData(DatabaseProvider.PostgreSql, "Data Source=data/matching.db", "Database:ConnectionString is not a valid PostgreSql connection string")]
    [InlineData(DatabaseProvider.PostgreSql, "Username=matching;Password=secret", "it names no Host")]
    [InlineData(DatabaseProvider.SqlServer, "Server=db.example;Database=matching;User Id=sa;Password=secret;TrustServerCertificate=true", null)]
    [InlineData(DatabaseProvider.SqlServer, "Host=127.0.0.1;Username=x", "Database:ConnectionString is not a valid SqlServer connection string")]
    public void Options_validate_the_connection_string_for_the_provider(DatabaseProvider provider, string connectionString, string? problem)
    {
        var errors = new DatabaseOptions { Provider = provider, ConnectionString = connectionString }.Validate().ToList();
        if (problem is null) Assert.Empty(errors);
        else
        {
            Assert.Contains(problem, Assert.Single(errors));
            Assert.DoesNotContain("secret", errors[0]);
        }
    }

    [Fact]
    public void Every_provider_has_a_factory_and_a_dialect()
    {
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
            Assert.Equal(provider, SqlDialects.For(provider).Provider);
        using var postgres = (PostgresConnectionFactory)ConnectionFactories.Create(new DatabaseOptions
        {
            Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=127.0.0.1;Username=u;Password=p",
        });
        Assert.Same(PostgresDialect.Instance, postgres.Dialect);
        Assert.Same(SqlServerDialect.Instance, ConnectionFactories.Create(new DatabaseOptions
        {
            Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=127.0.0.1;User Id=sa;Password=p",
        }).Dialect);
    }
}
