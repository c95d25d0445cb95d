using System.Data;
using Dapper;

namespace MatchingPlatform.Data.Providers.Dialects;

/// <summary>
/// The column types the repositories write. Each schema maps them to its own types (SQLite INTEGER/TEXT,
/// PostgreSQL INTEGER/BIGINT/BOOLEAN/TEXT, SQL Server INT/BIGINT/BIT/NVARCHAR), and the bulk paths need
/// them because binary COPY and SqlBulkCopy send typed values, not text.
/// </summary>
public enum ColumnType
{
    Text,
    Int,
    Long,
    Real,
    Bool,
}

/// <summary>A written column. Its parameter is the column name in PascalCase: display_name is filled by @DisplayName.</summary>
public sealed record Column(string Name, ColumnType Type)
{
    public string Parameter { get; } = "@" + string.Concat(Name.Split('_').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    public DbType DbType => Type switch
    {
        ColumnType.Text => DbType.String,
        ColumnType.Int => DbType.Int32,
        ColumnType.Long => DbType.Int64,
        ColumnType.Real => DbType.Double,
        ColumnType.Bool => DbType.Boolean,
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
    };

    /// <summary>The value as the column's CLR type, so typed wire formats (binary COPY, SqlBulkCopy) accept it; null stays null.</summary>
    public object? Normalise(object? value) => value switch
    {
        null => null,
        _ => Type switch
        {
            ColumnType.Text => (string)value,
            ColumnType.Int => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
            ColumnType.Long => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            ColumnType.Real => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            ColumnType.Bool => (bool)value,
            _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
        },
    };
}

/// <summary>
/// A table as the writes see it: the columns written and the key that identifies a row (the conflict
/// target of insert-if-absent and upsert). Identity columns are not listed: the database assigns them.
/// </summary>
public class Table
{
    public Table(string name, IReadOnlyList<string> key, IReadOnlyList<Column> columns)
    {
        if (key.Count == 0 || key.Any(k => columns.All(c => c.Name != k)))
            throw new ArgumentException($"table {name}: every key column must be a written column", nameof(key));
        Name = name;
        Key = key;
        Columns = columns;
    }

    public string Name { get; }
    public IReadOnlyList<string> Key { get; }
    public IReadOnlyList<Column> Columns { get; }

    public string ColumnList => string.Join(", ", Columns.Select(c => c.Name));
    public string ParameterList => string.Join(", ", Columns.Select(c => c.Parameter));

    /// <summary>The plain single-row INSERT: the same on every provider.</summary>
    public string InsertSql => $"INSERT INTO {Name} ({ColumnList}) VALUES ({ParameterList})";

    public Column ColumnNamed(string name) => Columns.First(c => c.Name == name);
}

/// <summary>
/// A table together with how one <typeparamref name="T"/> fills each column. Single-row writes (Dapper
/// parameters) and bulk writes (typed value rows) read this one definition, so the two paths cannot drift.
/// </summary>
public sealed class Table<T> : Table
{
    private readonly Func<T, object?>[] _values;

    public Table(string name, string[] key, params (string Name, ColumnType Type, Func<T, object?> Value)[] columns)
        : base(name, key, columns.Select(c => new Column(c.Name, c.Type)).ToArray())
    {
        _values = columns.Select(c => c.Value).ToArray();
    }

    /// <summary>The row's values in column order, each as its column's CLR type.</summary>
    public object?[] Values(T item)
    {
        var values = new object?[_values.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Columns[i].Normalise(_values[i](item));
        return values;
    }

    /// <summary>Dapper parameters named after the columns, typed so that a null still has a database type.</summary>
    public DynamicParameters Parameters(T item)
    {
        var p = new DynamicParameters();
        var values = Values(item);
        for (var i = 0; i < values.Length; i++) p.Add(Columns[i].Parameter, values[i], Columns[i].DbType);
        return p;
    }
}
