using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MatchingPlatform.Core.Profiles;
using MatchingPlatform.Core.Training;
using MatchingPlatform.Core.Validation;

namespace MatchingPlatform.Data.Import.ProjectFormat;

/// <summary>
/// Reads the project's CSV format: one file per entity kind, recognised by its header (column order is
/// free, names are exact). Each row becomes a <see cref="SourceRecord{T}"/> at its physical start line.
/// </summary>
internal static class ProjectCsv
{
    private enum Kind { Enterprises, Vacancies, Workers, Programmes, Interactions }

    private static readonly (Kind Kind, string File, string[] Columns)[] Layouts =
    [
        (Kind.Enterprises, "enterprises.csv", ["id", "name", "city", "industry", "ownership", "employees"]),
        (Kind.Vacancies, "vacancies.csv",
        [
            "id", "enterprise_id", "title", "city", "industry", "occupation", "min_education", "min_experience_years",
            "salary_min_monthly", "salary_max_monthly", "headcount", "status", "posted_at", "closed_at", "requirements",
        ]),
        (Kind.Workers, "workers.csv",
        [
            "id", "display_name", "city", "education", "experience_years", "birth_year", "gender", "salary_wish_monthly",
            "actively_seeking", "graduation_year", "skills",
        ]),
        (Kind.Programmes, "programmes.csv", ["id", "title", "provider", "city", "duration_weeks", "cost_cny", "subsidised", "teaches"]),
        (Kind.Interactions, "interactions.csv", ["worker_id", "vacancy_id", "type", "occurred_at"]),
    ];

    public static void Read(string path, ProjectRecords into)
    {
        var file = Path.GetFileName(path);
        var badData = false;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            // Collected per row rather than thrown, so one stray quote costs one row, not the file.
            BadDataFound = _ => badData = true,
        };
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, config);
        try
        {
            if (!csv.Read())
            {
                into.FileErrors.Add(new(file, 1, "empty file: expected a header line"));
                return;
            }
            var header = csv.Record!.Select(h => h.Trim()).ToArray();
            if (Recognise(header) is not { } layout)
            {
                into.FileErrors.Add(new(file, CsvTable.StartLine(csv), HeaderError(header)));
                return;
            }
            var columns = header.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.OrdinalIgnoreCase);
            while (csv.Read())
            {
                into.RowsRead++;
                var line = CsvTable.StartLine(csv);
                var fields = csv.Record!;
                IReadOnlyList<ValidationError>? shapeError =
                    badData ? [new("", "malformed quoting")]
                    : fields.Length != header.Length ? [new("", $"expected {header.Length} fields, found {fields.Length}")]
                    : null;
                badData = false;
                var row = new Row(fields, columns);
                switch (layout.Kind)
                {
                    case Kind.Enterprises: into.Enterprises.Add(Record(file, line, shapeError, row, Enterprise)); break;
                    case Kind.Vacancies: into.Vacancies.Add(Record(file, line, shapeError, row, Vacancy)); break;
                    case Kind.Workers: into.Workers.Add(Record(file, line, shapeError, row, Worker)); break;
                    case Kind.Programmes: into.Programmes.Add(Record(file, line, shapeError, row, Programme)); break;
                    case Kind.Interactions: into.Interactions.Add(Record(file, line, shapeError, row, Interaction)); break;
                }
            }
        }
        catch (CsvHelperException ex)
        {
            // The parser lost its footing (e.g. a quote never closed): nothing after this point can be trusted.
            var line = ex.Context?.Parser?.RawRow ?? 1;
            into.FileErrors.Add(new(file, line, $"malformed CSV, reading stopped here: {ex.GetType().Name}"));
        }
    }

    private static SourceRecord<T> Record<T>(string file, long line, IReadOnlyList<ValidationError>? shapeError, Row row,
        Func<Row, T> build) where T : class
    {
        if (shapeError is not null) return SourceRecord<T>.Failed(file, line, "", shapeError);
        var entity = build(row);
        return row.Errors.Count == 0
            ? SourceRecord<T>.Read(file, line, "", entity)
            : SourceRecord<T>.Failed(file, line, "", row.Errors);
    }

    private static Enterprise Enterprise(Row r) => new()
    {
        Id = r.Text("id"), Name = r.Text("name"), CityCode = r.Text("city"), IndustryCode = r.Text("industry"),
        Ownership = r.OptionalText("ownership"), Employees = r.OptionalInt("employees"),
    };

    private static Vacancy Vacancy(Row r) => new()
    {
        Id = r.Text("id"), EnterpriseId = r.Text("enterprise_id"), Title = r.Text("title"), CityCode = r.Text("city"),
        IndustryCode = r.Text("industry"), OccupationCode = r.OptionalText("occupation"),
        MinEducation = r.Enum("min_education", Education.Unspecified),
        MinExperienceYears = r.Int("min_experience_years", whenEmpty: 0),
        SalaryMinMonthly = r.Int("salary_min_monthly"), SalaryMaxMonthly = r.Int("salary_max_monthly"),
        Headcount = r.Int("headcount", whenEmpty: 1), Status = r.Enum("status", VacancyStatus.Open),
        PostedAt = r.Instant("posted_at"), ClosedAt = r.OptionalInstant("closed_at"),
        Requirements = ProjectValues.ParseRequirements(r.Text("requirements"), "requirements", r.Errors),
    };

    private static Worker Worker(Row r) => new()
    {
        Id = r.Text("id"), DisplayName = r.Text("display_name"), CityCode = r.Text("city"),
        Education = r.Enum("education", Education.Unspecified), ExperienceYears = r.Int("experience_years", whenEmpty: 0),
        BirthYear = r.OptionalInt("birth_year"), Gender = r.Enum("gender", Gender.Unspecified),
        SalaryWishMonthly = r.OptionalInt("salary_wish_monthly"), ActivelySeeking = r.Bool("actively_seeking", whenEmpty: true),
        GraduationYear = r.OptionalInt("graduation_year"),
        Skills = ProjectValues.ParseSkillLevels(r.Text("skills"), "skills", r.Errors),
    };

    private static TrainingProgramme Programme(Row r) => new()
    {
        Id = r.Text("id"), Title = r.Text("title"), Provider = r.Text("provider"), CityCode = r.Text("city"),
        DurationWeeks = r.Int("duration_weeks"), CostCny = r.Int("cost_cny"), Subsidised = r.Bool("subsidised", whenEmpty: false),
        Teaches = ProjectValues.ParseSkillLevels(r.Text("teaches"), "teaches", r.Errors),
    };

    private static Interaction Interaction(Row r) =>
        new(0, r.Text("worker_id"), r.Text("vacancy_id"), r.Enum<InteractionType>("type"), r.Instant("occurred_at"));

    private static (Kind Kind, string File, string[] Columns)? Recognise(string[] header)
    {
        var names = header.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Count != header.Length) return null;
        foreach (var layout in Layouts)
            if (names.SetEquals(layout.Columns)) return layout;
        return null;
    }

    private static string HeaderError(string[] header)
    {
        var names = header.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (names.Count != header.Length) return "unrecognised header: a column name appears twice";
        var closest = Layouts.MaxBy(l => l.Columns.Count(names.Contains));
        var missing = closest.Columns.Where(c => !names.Contains(c)).ToList();
        var extra = header.Where(h => !closest.Columns.Contains(h, StringComparer.OrdinalIgnoreCase)).Select(Echo.Clip).ToList();
        var parts = new List<string> { $"unrecognised header: closest is {closest.File}" };
        if (missing.Count > 0) parts.Add($"missing {string.Join(", ", missing)}");
        if (extra.Count > 0) parts.Add($"unexpected {string.Join(", ", extra)}");
        return string.Join("; ", parts);
    }

    /// <summary>Typed access to one row's cells; every conversion failure is collected under its column name.</summary>
    private sealed class Row(string[] fields, Dictionary<string, int> columns)
    {
        public List<ValidationError> Errors { get; } = [];

        public string Text(string column) => fields[columns[column]].Trim();

        public string? OptionalText(string column) => Text(column) is { Length: > 0 } t ? t : null;

        public int Int(string column, int? whenEmpty = null)
        {
            if (OptionalInt(column) is { } value) return value;
            if (Text(column).Length == 0)
            {
                if (whenEmpty is { } fallback) return fallback;
                Errors.Add(new(column, "required"));
            }
            return 0;
        }

        public int? OptionalInt(string column)
        {
            var t = Text(column);
            if (t.Length == 0) return null;
            if (int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
            Errors.Add(new(column, $"not an integer: '{Echo.Clip(t)}'"));
            return null;
        }

        public bool Bool(string column, bool whenEmpty)
        {
            var t = Text(column);
            if (t.Length == 0) return whenEmpty;
            if (bool.TryParse(t, out var value)) return value;
            Errors.Add(new(column, $"expected true or false, got '{Echo.Clip(t)}'"));
            return whenEmpty;
        }

        public T Enum<T>(string column, T whenEmpty) where T : struct, System.Enum => EnumOrDefault<T>(column, whenEmpty);

        public T Enum<T>(string column) where T : struct, System.Enum => EnumOrDefault<T>(column, null);

        private T EnumOrDefault<T>(string column, T? whenEmpty) where T : struct, System.Enum
        {
            var t = Text(column);
            if (t.Length == 0)
            {
                if (whenEmpty is { } fallback) return fallback;
                Errors.Add(new(column, "required"));
                return default;
            }
            if (ProjectValues.TryParseEnum<T>(t, out var value, out var error)) return value;
            Errors.Add(new(column, error));
            return default;
        }

        public DateTimeOffset Instant(string column)
        {
            if (OptionalInstant(column) is { } value) return value;
            if (Text(column).Length == 0) Errors.Add(new(column, "required"));
            return default;
        }

        public DateTimeOffset? OptionalInstant(string column)
        {
            var t = Text(column);
            if (t.Length == 0) return null;
            if (ProjectValues.TryParseInstant(t, out var value)) return value;
            Errors.Add(new(column, $"'{Echo.Clip(t)}': {ProjectValues.InstantHint}"));
            return null;
        }
    }
}
